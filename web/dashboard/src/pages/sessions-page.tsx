import { useState } from 'preact/hooks';

import type { SessionAdminView, SessionPage } from '../api/admin-api.generated.js';
import type { AdminApi } from '../api/client.js';
import { ageOf } from '../ui/format.js';
import { type Column, SortableTable } from '../ui/sortable-table.js';
import { Empty, ErrorNotice, Loaded } from '../ui/states.js';
import { asError, useInterval, useResource } from '../ui/use-resource.js';

const REFRESH_MS = 5000;

function clientNameOf(session: SessionAdminView): string {
  const info = session.clientInfo as { name?: unknown; version?: unknown } | null;
  if (info === null || typeof info !== 'object' || typeof info.name !== 'string') return '—';
  return typeof info.version === 'string' ? `${info.name} ${info.version}` : info.name;
}

/** Active MCP sessions of every instance, by transport, revision and client; revoke one. */
export function SessionsPage({ api }: { api: AdminApi }) {
  const [page, reload] = useResource(() => api.get<SessionPage>('/sessions?limit=500'), [api]);
  const [error, setError] = useState<Error | undefined>(undefined);
  useInterval(reload, REFRESH_MS);
  const revoke = async (session: SessionAdminView) => {
    setError(undefined);
    try {
      await api.delete(`/sessions/${encodeURIComponent(session.id)}`);
    } catch (failure) {
      setError(asError(failure));
    }
    reload();
  };
  const columns: Column<SessionAdminView>[] = [
    { label: 'Subject', sortValue: (s) => s.subject, cell: (s) => s.subject },
    {
      label: 'Client',
      sortValue: clientNameOf,
      cell: (s) => `${clientNameOf(s)}${s.clientId === null ? '' : ` (${s.clientId})`}`,
    },
    { label: 'Transport', sortValue: (s) => s.transport, cell: (s) => s.transport },
    { label: 'Revision', sortValue: (s) => s.protocolVersion, cell: (s) => s.protocolVersion },
    { label: 'Started', sortValue: (s) => s.createdAt, cell: (s) => ageOf(s.createdAt) },
    { label: 'Last seen', sortValue: (s) => s.lastSeenAt, cell: (s) => ageOf(s.lastSeenAt) },
    {
      label: 'Actions',
      cell: (s) => (
        <button type="button" class="danger" onClick={() => void revoke(s)}>
          Revoke session of {s.subject} <span class="muted">{s.id.slice(0, 8)}</span>
        </button>
      ),
    },
  ];
  return (
    <>
      {error === undefined ? null : <ErrorNotice error={error} />}
      <Loaded resource={page} what="sessions">
        {({ sessions }) =>
          sessions.length === 0 ? (
            <Empty>No MCP session is open.</Empty>
          ) : (
            <SortableTable
              caption={`${sessions.length} active sessions`}
              columns={columns}
              rows={sessions}
              keyOf={(s) => s.id}
            />
          )
        }
      </Loaded>
    </>
  );
}
