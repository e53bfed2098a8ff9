import type { RecentToolCalls, ToolAdminView } from '../../api/admin-api.generated.js';
import { formatted, listOrAny, shortHash } from '../../ui/format.js';
import { type Column, SortableTable } from '../../ui/sortable-table.js';
import { Switch } from '../../ui/switch.js';

function servedHash(tool: ToolAdminView): string | null {
  return tool.versions.find((version) => version.served)?.definitionSha256 ?? null;
}

function rolesOf(tool: ToolAdminView): string {
  const lists = tool.effectivePolicy.roles;
  return lists.length === 0 ? 'any' : lists.map((list) => listOrAny(list)).join(' and ');
}

type Activity = RecentToolCalls['tools'][number];

export function ToolsTable({
  tools,
  activity,
  onToggle,
  onOpen,
}: {
  tools: readonly ToolAdminView[];
  /** Calls of the last hour; `undefined` while loading (or refused). */
  activity: RecentToolCalls | undefined;
  onToggle: (tool: ToolAdminView, enabled: boolean) => void;
  onOpen: (name: string) => void;
}) {
  const activityOf = (tool: ToolAdminView): Activity | undefined =>
    activity?.tools.find((entry) => entry.name === tool.name);
  const figure = (value: number | null | undefined) =>
    activity === undefined ? '…' : String(value ?? 0);
  const columns: Column<ToolAdminView>[] = [
    {
      label: 'Tool',
      sortValue: (tool) => tool.name,
      cell: (tool) => (
        <button type="button" class="link" onClick={() => onOpen(tool.name)}>
          {tool.name}
        </button>
      ),
    },
    {
      label: 'Enabled',
      sortValue: (tool) => (tool.policy.enabled ? 1 : 0),
      cell: (tool) => (
        <Switch
          label={`Enable ${tool.name}`}
          checked={tool.policy.enabled}
          onToggle={(enabled) => onToggle(tool, enabled)}
        />
      ),
    },
    {
      label: 'State',
      sortValue: (tool) => tool.effective,
      cell: (tool) => <span class={`badge ${tool.effective}`}>{tool.effective}</span>,
    },
    {
      label: 'Served version',
      sortValue: (tool) => tool.servedVersion ?? '',
      cell: (tool) => tool.servedVersion ?? '—',
    },
    {
      label: 'Definition hash',
      cell: (tool) => (
        <code title={servedHash(tool) ?? undefined}>{shortHash(servedHash(tool))}</code>
      ),
    },
    { label: 'Roles', sortValue: rolesOf, cell: rolesOf },
    {
      label: 'Scopes',
      cell: (tool) =>
        listOrAny(
          tool.effectivePolicy.scopes.length === 0 ? null : tool.effectivePolicy.scopes,
          'none',
        ),
    },
    {
      label: 'Clients',
      cell: (tool) => listOrAny(tool.effectivePolicy.allowedClients),
    },
    {
      label: 'Call approval',
      sortValue: (tool) => tool.effectivePolicy.callApproval,
      cell: (tool) => tool.effectivePolicy.callApproval,
    },
    {
      label: 'Calls (1 h)',
      sortValue: (tool) => activityOf(tool)?.calls ?? 0,
      cell: (tool) => figure(activityOf(tool)?.calls),
    },
    {
      label: 'Errors (1 h)',
      sortValue: (tool) => activityOf(tool)?.errors ?? 0,
      cell: (tool) => figure(activityOf(tool)?.errors),
    },
    {
      label: 'p95 ms',
      sortValue: (tool) => activityOf(tool)?.p95Ms ?? 0,
      cell: (tool) => {
        const p95 = activityOf(tool)?.p95Ms;
        return p95 === null || p95 === undefined ? '—' : formatted(p95);
      },
    },
  ];
  return (
    <SortableTable
      caption={`${tools.length} tools`}
      columns={columns}
      rows={tools}
      keyOf={(tool) => tool.name}
    />
  );
}
