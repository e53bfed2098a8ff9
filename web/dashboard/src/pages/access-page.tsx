import { useState } from 'preact/hooks';

import type { ToolAdminView, ToolList } from '../api/admin-api.generated.js';
import type { AdminApi } from '../api/client.js';
import { parseList } from '../ui/format.js';
import { Empty, ErrorNotice, Loaded } from '../ui/states.js';
import { asError, useResource } from '../ui/use-resource.js';

/** Every client some policy names, sorted. */
function clientsOf(tools: readonly ToolAdminView[], extra: readonly string[]): string[] {
  const names = new Set(extra);
  for (const tool of tools)
    for (const client of tool.policy.allowedClients ?? []) names.add(client);
  return [...names].sort();
}

/**
 * Clients × tools in one screen: a tick lets the client see and call the tool (as far as the
 * client allow-list goes; roles and tenants still apply). Unticking a client of an open tool
 * restricts the tool to the other clients shown.
 */
export function AccessPage({ api }: { api: AdminApi }) {
  const [list, reload] = useResource(() => api.get<ToolList>('/tools'), [api]);
  const [added, setAdded] = useState<readonly string[]>([]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<Error | undefined>(undefined);

  const toggle = async (
    tool: ToolAdminView,
    client: string,
    allowed: boolean,
    all: readonly string[],
  ) => {
    setError(undefined);
    const current = tool.policy.allowedClients ?? all;
    const next = allowed ? [...new Set([...current, client])] : current.filter((c) => c !== client);
    try {
      await api.patch(`/tools/${encodeURIComponent(tool.name)}`, { allowedClients: next });
    } catch (failure) {
      setError(asError(failure));
    }
    reload();
  };

  return (
    <>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          setAdded((names) => [...names, ...(parseList(draft) ?? [])]);
          setDraft('');
        }}
      >
        <label for="add-client">Add a client column</label>
        <input
          id="add-client"
          value={draft}
          onInput={(event) => setDraft(event.currentTarget.value)}
        />
        <button type="submit">Add</button>
      </form>
      {error === undefined ? null : <ErrorNotice error={error} />}
      <Loaded resource={list} what="the access matrix">
        {({ tools }) => {
          const clients = clientsOf(tools, added);
          if (tools.length === 0) return <Empty>No tools are registered.</Empty>;
          if (clients.length === 0)
            return (
              <Empty>Every tool is open to any client. Add a client column to restrict one.</Empty>
            );
          return (
            <div class="table-wrap">
              <table>
                <caption>Which client may use which tool</caption>
                <thead>
                  <tr>
                    <th scope="col">Tool</th>
                    {clients.map((client) => (
                      <th key={client} scope="col">
                        {client}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {tools.map((tool) => (
                    <tr key={tool.name}>
                      <th scope="row">{tool.name}</th>
                      {clients.map((client) => {
                        const allowed = tool.policy.allowedClients?.includes(client) ?? true;
                        return (
                          <td key={client}>
                            <input
                              type="checkbox"
                              aria-label={`${client} may use ${tool.name}`}
                              checked={allowed}
                              onChange={(event) =>
                                void toggle(tool, client, event.currentTarget.checked, clients)
                              }
                            />
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </Loaded>
    </>
  );
}
