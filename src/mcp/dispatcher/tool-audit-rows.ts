import type { AuditRowsSource } from '../../policy/audit-rows.source.js';
import type { ToolAuditRows } from '../../policy/tool-policy.js';
import type { ToolDefinition } from '../../protocol/capabilities/capability.types.js';

/**
 * How a tool's calls are audited by its declaration alone (docs/architecture.md "The audit
 * contract"): one row, after the call, for a tool annotated read-only and not destructive,
 * since such a call changes nothing that an unaudited run could leave behind; two rows, the
 * first committed before the handler starts, for every other tool. Annotations are hints
 * (tools §Tool annotations): an operator overrides them per tool in the policy.
 */
export function declaredAuditRows({ annotations }: ToolDefinition): ToolAuditRows {
  return annotations?.readOnlyHint === true && annotations.destructiveHint !== true ? 'one' : 'two';
}

/** The policy's choice, else the declaration's; memory only (hot path). */
export function auditRowsOf(
  definition: ToolDefinition,
  policy: AuditRowsSource | undefined,
): ToolAuditRows {
  return policy?.auditRowsFor(definition.name) ?? declaredAuditRows(definition);
}
