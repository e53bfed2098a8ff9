import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { ToolDefinition } from '../../protocol/capabilities/capability.types.js';
import { lintToolDefinition } from '../../security/tool-lint/lint-tool-definition.js';
import type { ToolLintFinding } from '../../security/tool-lint/tool-lint.types.js';
import type { RecordedToolDefinition } from '../../versions/tool-version-status.repository.js';
import type { ToolVersionStatus } from '../../versions/recorded-tool-version.js';

/**
 * One recorded definition of a tool, for comparing versions side by side before approving one
 * (README "Operate: the admin API"), with what the tool-poisoning lint finds in it.
 */
export interface ToolDefinitionView {
  readonly name: string;
  readonly version: string;
  readonly definitionSha256: string;
  readonly status: ToolVersionStatus;
  /** As recorded in `tool_versions` (description, input and output schema, annotations, …). */
  readonly definition: JsonObject;
  /** Findings of the lint that registration applies (`MCP_TOOL_LINT`); empty: clean. */
  readonly lint: readonly ToolLintFinding[];
}

export function toolDefinitionView(
  name: string,
  recorded: RecordedToolDefinition,
): ToolDefinitionView {
  return {
    name,
    version: recorded.version,
    definitionSha256: recorded.definitionSha256,
    status: recorded.status,
    definition: recorded.definition,
    // What was recorded is a ToolDefinition as served (tool_versions.definition).
    lint: lintToolDefinition(recorded.definition as unknown as ToolDefinition),
  };
}
