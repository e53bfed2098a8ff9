import { defineSettings } from '../config/index.js';

/** Call approvals, from the `MCP_APPROVAL_*` variables. */
export class ApprovalSettings extends defineSettings('MCP_', (read) => ({
  /**
   * `MCP_APPROVAL_TTL_SECONDS`: how long a queued call waits for an approver before it expires
   * (docs/approvals.md "Call approvals"); one hour by default, at most a week.
   */
  ttlSeconds: read.integer('APPROVAL_TTL_SECONDS', 3_600, 1, 7 * 86_400),
})) {}
