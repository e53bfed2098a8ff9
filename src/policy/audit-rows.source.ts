import type { ToolAuditRows } from './tool-policy.js';

/**
 * Operator override of how a tool's calls are audited (docs/architecture.md "The audit
 * contract"). Abstract class = DI token; nothing provides it by default, so the annotations
 * decide. Read on the hot path: an implementation serves from memory.
 */
export abstract class AuditRowsSource {
  /** `undefined` = no override for this tool. */
  abstract auditRowsFor(toolName: string): ToolAuditRows | undefined;
}
