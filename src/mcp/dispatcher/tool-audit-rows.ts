import type { AuditRowsSource } from '../../policy/audit-rows.source.js';
import type { ToolAuditRows } from '../../policy/tool-policy.js';
import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';

/**
 * How a tool's calls are audited by its declaration alone (docs/architecture.md "The audit
 * contract"): one row, after the call, for a tool annotated read-only and not destructive,
 * since such a call changes nothing that an unaudited run could leave behind; two rows, the
 * first committed before the handler starts, for every other tool, and for every tool whose
 * annotations are not the code's own (an upstream's word, docs/federation.md). Annotations are
 * hints (tools §Tool annotations): an operator overrides them per tool in the policy.
 */
export function declaredAuditRows({
  definition,
  annotationsTrusted,
}: RegisteredTool): ToolAuditRows {
  const { annotations } = definition;
  const readOnly = annotations?.readOnlyHint === true && annotations.destructiveHint !== true;
  return readOnly && annotationsTrusted !== false ? 'one' : 'two';
}

/** The policy's choice, else the declaration's; memory only (hot path). */
export function auditRowsOf(
  tool: RegisteredTool,
  policy: AuditRowsSource | undefined,
): ToolAuditRows {
  return policy?.auditRowsFor(tool.definition.name) ?? declaredAuditRows(tool);
}
