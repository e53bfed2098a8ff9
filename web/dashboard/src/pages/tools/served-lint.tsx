import type { ToolAdminView, ToolDefinitionView } from '../../api/admin-api.generated.js';
import type { AdminApi } from '../../api/client.js';
import { LintFindings } from '../../ui/lint-findings.js';
import { Loaded } from '../../ui/states.js';
import { useResource } from '../../ui/use-resource.js';

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
      {(value) => (value === undefined ? null : <ToolLintFindings definition={value} />)}
    </Loaded>
  );
}

/** The lint findings of one recorded version of a tool, named by the tool and its version. */
export function ToolLintFindings({ definition }: { definition: ToolDefinitionView }) {
  const { name, version, definitionSha256, lint } = definition;
  return (
    <LintFindings subject={`${name} ${version}`} definitionSha256={definitionSha256} lint={lint} />
  );
}
