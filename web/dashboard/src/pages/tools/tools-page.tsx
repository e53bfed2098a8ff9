import { useState } from 'preact/hooks';

import type { RecentToolCalls, ToolAdminView, ToolList } from '../../api/admin-api.generated.js';
import type { AdminApi } from '../../api/client.js';
import { itemOfHash } from '../../router.js';
import { Empty, ErrorNotice, Loaded } from '../../ui/states.js';
import { asError, useResource } from '../../ui/use-resource.js';
import { CapabilitiesSection } from './capabilities-section.js';
import { ToolPanel } from './tool-panel.js';
import { ToolsTable } from './tools-table.js';

/**
 * Every tool: search, sort, switch on and off; one opened below with its policy and versions;
 * then the prompts and resources, searched alike.
 */
export function ToolsPage({ api }: { api: AdminApi }) {
  const [list, reload] = useResource(() => api.get<ToolList>('/tools'), [api]);
  const [activity] = useResource(() => api.get<RecentToolCalls>('/tool-calls'), [api]);
  const [search, setSearch] = useState('');
  // `#/tools/<name>` (a link from the Upstreams page) opens that tool's panel.
  const [opened, setOpened] = useState<string | undefined>(itemOfHash());
  const [error, setError] = useState<Error | undefined>(undefined);

  const toggle = async (tool: ToolAdminView, enabled: boolean) => {
    setError(undefined);
    try {
      await api.patch(`/tools/${encodeURIComponent(tool.name)}`, { enabled });
    } catch (failure) {
      setError(asError(failure));
    }
    reload();
  };

  return (
    <>
      <div class="toolbar">
        <label for="tool-search">Search tools, prompts and resources</label>
        <input
          id="tool-search"
          type="search"
          value={search}
          placeholder="name, role, state…"
          onInput={(event) => setSearch(event.currentTarget.value)}
        />
      </div>
      <h2 id="tools-title">Tools</h2>
      {error === undefined ? null : <ErrorNotice error={error} />}
      <Loaded resource={list} what="tools">
        {({ tools }) => {
          const shown = tools.filter((tool) => matches(tool, search));
          if (tools.length === 0) return <Empty>No tools are registered.</Empty>;
          if (shown.length === 0) return <Empty>No tool matches “{search}”.</Empty>;
          return (
            <ToolsTable
              tools={shown}
              activity={activity.state === 'ready' ? activity.value : undefined}
              onToggle={(tool, enabled) => void toggle(tool, enabled)}
              onOpen={setOpened}
            />
          );
        }}
      </Loaded>
      {opened === undefined ? null : (
        <ToolPanel key={opened} api={api} name={opened} onChanged={reload} />
      )}
      <CapabilitiesSection api={api} family="prompts" search={search} />
      <CapabilitiesSection api={api} family="resources" search={search} />
    </>
  );
}

function matches(tool: ToolAdminView, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === '') return true;
  const haystack = [
    tool.name,
    tool.effective,
    tool.servedVersion ?? '',
    ...(tool.policy.roles ?? []),
    ...tool.effectivePolicy.roles.flat(),
    ...tool.effectivePolicy.scopes,
    tool.declared?.description ?? '',
  ];
  return haystack.some((text) => text.toLowerCase().includes(needle));
}
