import type { ToolCallApproval } from './tool-policy.js';

/**
 * Operator override of who approves a tool's calls (docs/approvals.md "The policy field").
 * Abstract class = DI token; nothing provides it by default, so the code decides (a destructive
 * tool asks the user). Read on the hot path: an implementation serves from memory.
 */
export abstract class CallApprovalSource {
  /** `undefined` = no override for this tool. */
  abstract callApprovalFor(toolName: string): ToolCallApproval | undefined;
}
