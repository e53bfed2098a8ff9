import { useState } from 'preact/hooks';

import type { UpstreamAdminView, UpstreamList } from '../../api/admin-api.generated.js';
import type { AdminApi } from '../../api/client.js';
import { ageOf } from '../../ui/format.js';
import { type Column, SortableTable } from '../../ui/sortable-table.js';
import { Empty, ErrorNotice, Loaded } from '../../ui/states.js';
import { Switch } from '../../ui/switch.js';
import { asError, useInterval, useResource } from '../../ui/use-resource.js';
import { AddUpstreamForm } from './add-upstream-form.js';
import { EditUpstreamForm } from './edit-upstream-form.js';
import {
  FILE_MANAGED_REASON,
  FileManagedMark,
  fileManagedMarkId,
  isFileManaged,
} from './file-managed.js';
import { UpstreamActions } from './upstream-actions.js';
import { UpstreamPanel } from './upstream-panel.js';

/** Health changes on its own (a breaker opens, a sync fails): the list is read again this often. */
const REFRESH_MS = 10_000;

const targetOf = (u: UpstreamAdminView): string => u.url ?? [u.command ?? '', ...u.args].join(' ');

/**
 * The upstream MCP servers whose tools we serve (docs/federation.md): switch one off, open it to
 * see its tools and pending definition changes, edit it, remove it, add one. File-managed ones
 * are shown read-only.
 */
export function UpstreamsPage({ api }: { api: AdminApi }) {
  const [list, reload] = useResource(() => api.get<UpstreamList>('/upstreams'), [api]);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [opened, setOpened] = useState<string | undefined>(undefined);
  const [deleting, setDeleting] = useState<string | undefined>(undefined);
  // The upstream as it was when its form opened: its revision is the one the PATCH expects.
  const [editing, setEditing] = useState<UpstreamAdminView | undefined>(undefined);
  useInterval(reload, REFRESH_MS);
  const act = async (change: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await change();
    } catch (failure) {
      setError(asError(failure));
    }
    reload();
  };
  const path = (u: UpstreamAdminView) => `/upstreams/${encodeURIComponent(u.name)}`;
  const remove = (u: UpstreamAdminView) =>
    act(async () => {
      setDeleting(undefined);
      if (opened === u.name) setOpened(undefined);
      if (editing?.name === u.name) setEditing(undefined);
      await api.delete(path(u), u.revision);
    });
  const columns: Column<UpstreamAdminView>[] = [
    {
      label: 'Upstream',
      sortValue: (u) => u.name,
      cell: (u) => (
        <>
          <code>{u.name}</code> <FileManagedMark upstream={u} id={fileManagedMarkId(u)} />
        </>
      ),
    },
    { label: 'Transport', sortValue: (u) => u.transport, cell: (u) => u.transport },
    { label: 'URL or command', sortValue: targetOf, cell: (u) => <code>{targetOf(u)}</code> },
    {
      label: 'Enabled',
      sortValue: (u) => (u.enabled ? 1 : 0),
      cell: (u) => (
        <Switch
          label={`Enable ${u.name}`}
          checked={u.enabled}
          disabled={isFileManaged(u)}
          title={isFileManaged(u) ? FILE_MANAGED_REASON : undefined}
          onToggle={(enabled) =>
            void act(() => api.patch(path(u), { enabled, expectedRevision: u.revision }))
          }
        />
      ),
    },
    {
      label: 'Health',
      sortValue: (u) => u.health.state,
      cell: (u) => (
        <>
          <span class={`badge ${u.health.state}`}>{u.health.state}</span> since{' '}
          {ageOf(u.health.since)}
          {u.health.lastError === null ? null : <div class="muted">{u.health.lastError}</div>}
        </>
      ),
    },
    {
      label: 'Tools (served / held)',
      sortValue: (u) => u.tools.length,
      cell: (u) => `${u.tools.length} / ${u.held.length}`,
    },
    {
      label: 'Pending',
      sortValue: (u) => u.pendingDefinitions.length + u.pendingPromptDefinitions.length,
      cell: (u) => u.pendingDefinitions.length + u.pendingPromptDefinitions.length,
    },
    {
      label: 'Actions',
      cell: (u) => (
        <UpstreamActions
          upstream={u}
          confirming={deleting === u.name}
          handlers={{
            onInspect: () => setOpened(u.name),
            onEdit: () => setEditing(u),
            onAskDelete: () => setDeleting(u.name),
            onConfirmDelete: () => void remove(u),
            onCancelDelete: () => setDeleting(undefined),
          }}
        />
      ),
    },
  ];
  return (
    <>
      {error === undefined ? null : <ErrorNotice error={error} />}
      <Loaded resource={list} what="upstreams">
        {({ upstreams }) => {
          const shown = upstreams.find((u) => u.name === opened);
          return (
            <>
              {upstreams.length === 0 ? (
                <Empty>No upstream MCP server is registered: add one below.</Empty>
              ) : (
                <SortableTable
                  caption={`${upstreams.length} upstreams`}
                  columns={columns}
                  rows={upstreams}
                  keyOf={(u) => u.name}
                />
              )}
              {shown === undefined ? null : (
                <UpstreamPanel api={api} upstream={shown} onChanged={reload} />
              )}
            </>
          );
        }}
      </Loaded>
      {editing === undefined ? (
        <AddUpstreamForm api={api} onAdded={reload} />
      ) : (
        <EditUpstreamForm
          key={editing.name}
          api={api}
          upstream={editing}
          onClose={() => {
            setEditing(undefined);
            // Saved or not, the list may be behind: a stale save means someone else changed it.
            reload();
          }}
        />
      )}
    </>
  );
}
