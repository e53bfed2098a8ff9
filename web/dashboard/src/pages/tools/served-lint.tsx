import type { ToolAdminView, ToolDefinitionView } from '../../api/admin-api.generated.js';
import type { AdminApi } from '../../api/client.js';
import { Loaded } from '../../ui/states.js';
import { useResource } from '../../ui/use-resource.js';
import { LintFindings } from './lint-findings.js';

/** The lint findings of the definition clients are served (else of the newest recorded one). */
export function ServedLint({ api, tool }: { api: AdminApi; tool: ToolAdminView }) {
  const shown =
    tool.versions.find((version) => version.served) ?? tool.versions[tool.versions.length - 1];
  const path =
    shown === undefined
      ? undefined
      : `/tools/${encodeURIComponent(tool.name)}/definitions/${shown.definitionSha256}`;
  const [definition] = useResource(
    () => (path === undefined ? Promise.resolve(undefined) : api.get<ToolDefinitionView>(path)),
    [api, path],
  );
  return (
    <Loaded resource={definition} what="lint findings">
      {(value) => (value === undefined ? null : <LintFindings definition={value} />)}
    </Loaded>
  );
}
