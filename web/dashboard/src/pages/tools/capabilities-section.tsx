import { useState } from 'preact/hooks';

import type { CapabilityAdminView } from '../../api/admin-api.generated.js';
import type { AdminApi } from '../../api/client.js';
import { listOrAny, shortHash } from '../../ui/format.js';
import { type Column, SortableTable } from '../../ui/sortable-table.js';
import { Empty, ErrorNotice, Loaded } from '../../ui/states.js';
import { Switch } from '../../ui/switch.js';
import { asError, useResource } from '../../ui/use-resource.js';

/** `/prompts` answers `{ prompts }`, `/resources` answers `{ resources }`. */
type Family = 'prompts' | 'resources';

const TITLES: Record<Family, string> = { prompts: 'Prompts', resources: 'Resources' };

function rolesOf(item: CapabilityAdminView): string {
  const lists = item.effectivePolicy.roles;
  return lists.length === 0 ? 'any' : lists.map((list) => listOrAny(list)).join(' and ');
}

function versionOf(item: CapabilityAdminView): string {
  const version = item.listing.version;
  return typeof version === 'string' ? version : '—';
}

/**
 * The declared prompts or resources (and resource templates) with their state and who may see
 * them, each with a real on/off switch; filtered by the page's search.
 */
export function CapabilitiesSection({
  api,
  family,
  search,
}: {
  api: AdminApi;
  family: Family;
  search: string;
}) {
  const [list, reload] = useResource(
    () => api.get<Record<Family, CapabilityAdminView[]>>(`/${family}`),
    [api, family],
  );
  const [error, setError] = useState<Error | undefined>(undefined);
  const toggle = async (item: CapabilityAdminView, enabled: boolean) => {
    setError(undefined);
    try {
      await api.patch(`/${family}/${encodeURIComponent(item.name)}`, { enabled });
    } catch (failure) {
      setError(asError(failure));
    }
    reload();
  };
  const columns: Column<CapabilityAdminView>[] = [
    { label: 'Name', sortValue: (item) => item.name, cell: (item) => <code>{item.name}</code> },
    {
      label: 'Enabled',
      sortValue: (item) => (item.policy.enabled ? 1 : 0),
      cell: (item) => (
        <Switch
          label={`Enable ${item.name}`}
          checked={item.policy.enabled}
          onToggle={(enabled) => void toggle(item, enabled)}
        />
      ),
    },
    {
      label: 'State',
      sortValue: (item) => item.effective,
      cell: (item) => <span class={`badge ${item.effective}`}>{item.effective}</span>,
    },
    ...(family === 'resources'
      ? [{ label: 'Kind', sortValue: (item: CapabilityAdminView) => item.kind, cell: kindOf }]
      : [{ label: 'Version', sortValue: versionOf, cell: versionOf }]),
    {
      label: 'Definition hash',
      cell: (item) => (
        <code title={item.definitionSha256}>{shortHash(item.definitionSha256 ?? null)}</code>
      ),
    },
    { label: 'Roles', sortValue: rolesOf, cell: rolesOf },
    { label: 'Clients', cell: (item) => listOrAny(item.effectivePolicy.allowedClients) },
    { label: 'Tenants', cell: (item) => listOrAny(item.effectivePolicy.allowedTenants) },
  ];
  const title = TITLES[family];
  return (
    <section aria-labelledby={`${family}-title`}>
      <h2 id={`${family}-title`}>{title}</h2>
      {error === undefined ? null : <ErrorNotice error={error} />}
      <Loaded resource={list} what={family}>
        {(value) => {
          const items = value[family];
          const shown = items.filter((item) => matches(item, search));
          if (items.length === 0) return <Empty>No {family} are declared.</Empty>;
          if (shown.length === 0)
            return (
              <Empty>
                None of the {family} match “{search}”.
              </Empty>
            );
          return (
            <SortableTable
              caption={`${shown.length} ${family}`}
              columns={columns}
              rows={shown}
              keyOf={(item) => item.name}
            />
          );
        }}
      </Loaded>
    </section>
  );
}

function kindOf(item: CapabilityAdminView): string {
  return item.kind === 'resource-template' ? 'template' : item.kind;
}

function matches(item: CapabilityAdminView, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === '') return true;
  const description = item.listing.description;
  return [item.name, item.effective, typeof description === 'string' ? description : '']
    .concat(item.effectivePolicy.roles.flat())
    .some((text) => text.toLowerCase().includes(needle));
}
