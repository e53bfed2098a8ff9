import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { lintServedFields } from '../../security/tool-lint/lint-tool-definition.js';
import type { ToolLintFinding } from '../../security/tool-lint/tool-lint.types.js';
import type { PromptVersionEntity } from '../../versions/prompt-version.entity.js';

/** A recorded prompt definition's approval state, as the admin API shows it. */
export interface PromptVersionView {
  readonly name: string;
  readonly definitionSha256: string;
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly firstSeenAt: string;
}

/**
 * One recorded prompt definition with what the tool-poisoning lint finds in it, to read a pending
 * one before approving it (docs/federation.md "Admin API").
 */
export interface PromptDefinitionView extends PromptVersionView {
  /** What was hashed: name, title, description and arguments (PromptDefinition). */
  readonly definition: JsonObject;
  /** Findings of the lint federation applies to the same fields (`MCP_TOOL_LINT`); empty: clean. */
  readonly lint: readonly ToolLintFinding[];
}

export function promptVersionView(row: PromptVersionEntity): PromptVersionView {
  return {
    name: row.name,
    definitionSha256: row.definitionSha256,
    status: row.status,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    firstSeenAt: row.firstSeenAt.toISOString(),
  };
}

export function promptDefinitionView(row: PromptVersionEntity): PromptDefinitionView {
  // The row keeps its own hash beside the hashed fields (PromptVersionStore); it is shown once.
  const definition = Object.fromEntries(
    Object.entries(row.definition).filter(([key]) => key !== 'definitionSha256'),
  );
  return { ...promptVersionView(row), definition, lint: lintServedFields(definition) };
}
