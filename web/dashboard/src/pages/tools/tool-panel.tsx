import type { ToolDetail } from '../../api/admin-api.generated.js';
import type { AdminApi } from '../../api/client.js';
import { isFailure } from '../../ui/outcomes.js';
import { Loaded } from '../../ui/states.js';
import { useResource } from '../../ui/use-resource.js';
import { DefinitionComparison } from './definition-comparison.js';
import { PolicyForm } from './policy-form.js';
import { ServedLint } from './served-lint.js';
import { VersionHistory } from './version-history.js';

/** One tool: what the code declares, its calls over the stats window, policy and versions. */
export function ToolPanel({
  api,
  name,
  onChanged,
}: {
  api: AdminApi;
  name: string;
  onChanged: () => void;
}) {
  const path = `/tools/${encodeURIComponent(name)}`;
  const [detail, reload] = useResource(() => api.get<ToolDetail>(path), [api, path]);
  const changed = () => {
    reload();
    onChanged();
  };
  return (
    <section class="panel" aria-labelledby="tool-title">
      <h2 id="tool-title">{name}</h2>
      <Loaded resource={detail} what={`tool ${name}`}>
        {(tool) => {
          const outcomes = Object.entries(tool.stats.outcomes);
          const calls = outcomes.reduce((sum, [, n]) => sum + n, 0);
          const errors = outcomes.reduce(
            (sum, [outcome, n]) => sum + (isFailure(outcome) ? n : 0),
            0,
          );
          return (
            <>
              <div class="description">
                <p>
                  {tool.declared?.description ?? 'The running code no longer declares this tool.'}
                </p>
                <ServedLint api={api} tool={tool} />
              </div>
              {tool.withheld === null ? null : <p class="notice">Withheld: {tool.withheld}</p>}
              <p>
                Last {tool.stats.windowHours} h: {calls} calls, {errors} errors
                {outcomes.length === 0
                  ? ''
                  : ` (${outcomes.map(([o, n]) => `${o} ${n}`).join(', ')})`}
                .
              </p>
              <PolicyForm api={api} tool={tool} onSaved={changed} />
              <VersionHistory api={api} tool={tool} onDecided={changed} />
              <DefinitionComparison
                key={tool.versions.map((v) => v.definitionSha256 + v.status).join()}
                api={api}
                tool={tool}
              />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
