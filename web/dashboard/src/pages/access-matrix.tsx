import { useState } from 'preact/hooks';

import type { ToolAdminView } from '../api/admin-api.generated.js';
import type { AdminApi } from '../api/client.js';
import { parseList } from '../ui/format.js';
import { Empty, ErrorNotice } from '../ui/states.js';
import { asError } from '../ui/use-resource.js';

/** The policy allow-list a matrix edits. */
export type AllowList = 'allowedClients' | 'allowedTenants';

/** Every name some policy's `field` lists, plus `extra`, sorted. */
function namesOf(tools: readonly ToolAdminView[], field: AllowList, extra: readonly string[]) {
  const names = new Set(extra);
  for (const tool of tools) for (const name of tool.policy[field] ?? []) names.add(name);
  return [...names].sort();
}

/**
 * Names (clients or tenants) × tools: a tick lets them see and call the tool, as far as this
 * allow-list goes (roles and the other list still apply). Unticking one of a tool open to all
 * restricts the tool to the other names shown.
 */
export function AccessMatrix({
  api,
  tools,
  field,
  noun,
  onChanged,
}: {
  api: AdminApi;
  tools: readonly ToolAdminView[];
  field: AllowList;
  noun: 'client' | 'tenant';
  onChanged: () => void;
}) {
  const [added, setAdded] = useState<readonly string[]>([]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<Error | undefined>(undefined);
  const names = namesOf(tools, field, added);
  const inputId = `add-${noun}`;

  const toggle = async (tool: ToolAdminView, name: string, allowed: boolean) => {
    setError(undefined);
    const current = tool.policy[field] ?? names;
    const next = allowed ? [...new Set([...current, name])] : current.filter((n) => n !== name);
    try {
      await api.patch(`/tools/${encodeURIComponent(tool.name)}`, { [field]: next });
    } catch (failure) {
      setError(asError(failure));
    }
    onChanged();
  };

  return (
    <section aria-labelledby={`${noun}-matrix`}>
      <h2 id={`${noun}-matrix`}>Which {noun} may use which tool</h2>
      <form
        class="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          setAdded((kept) => [...kept, ...(parseList(draft) ?? [])]);
          setDraft('');
        }}
      >
        <label for={inputId}>Add a {noun} column</label>
        <input
          id={inputId}
          value={draft}
          onInput={(event) => setDraft(event.currentTarget.value)}
        />
        <button type="submit">Add {noun}</button>
      </form>
      {error === undefined ? null : <ErrorNotice error={error} />}
      {names.length === 0 ? (
        <Empty>
          Every tool is open to any {noun}. Add a {noun} column to restrict one.
        </Empty>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Tool</th>
                {names.map((name) => (
                  <th key={name} scope="col">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {tools.map((tool) => (
                <tr key={tool.name}>
                  <th scope="row">{tool.name}</th>
                  {names.map((name) => (
                    <td key={name}>
                      <input
                        type="checkbox"
                        aria-label={`${name} may use ${tool.name}`}
                        checked={tool.policy[field]?.includes(name) ?? true}
                        onChange={(event) => void toggle(tool, name, event.currentTarget.checked)}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
