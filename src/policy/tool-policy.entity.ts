import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

import { AccessPolicyColumns } from './access-policy-columns.entity.js';
import type { ClientVersionPins, ToolAuditRows, ToolCallApproval } from './tool-policy.js';

/**
 * Row of `tool_policies` (migrations CreateToolPolicies, AddToolClientVersionPins,
 * AddToolCallApproval, AddOneRowToolAudit): the policy of
 * one tool an operator touched; a missing row is the all-default policy.
 */
@Entity({ name: 'tool_policies' })
@Check('CHK_tool_policies_rate_limit', 'rate_limit_per_minute > 0')
@Check('CHK_tool_policies_timeout', 'timeout_ms > 0')
@Check('CHK_tool_policies_client_version_pins', `jsonb_typeof(client_version_pins) = 'object'`)
@Check('CHK_tool_policies_call_approval', `call_approval IN ('auto', 'user', 'approver')`)
@Check('CHK_tool_policies_audit_rows', `audit_rows IN ('one', 'two')`)
export class ToolPolicyEntity extends AccessPolicyColumns {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ name: 'rate_limit_per_minute', type: 'integer', nullable: true })
  rateLimitPerMinute!: number | null;

  @Column({ name: 'timeout_ms', type: 'integer', nullable: true })
  timeoutMs!: number | null;

  /** `null` follows `MCP_TOOL_APPROVAL`. */
  @Column({ name: 'approval_required', type: 'boolean', nullable: true })
  approvalRequired!: boolean | null;

  @Column({ name: 'pinned_version', type: 'text', nullable: true })
  pinnedVersion!: string | null;

  @Column({ name: 'client_version_pins', type: 'jsonb', default: () => `'{}'` })
  clientVersionPins!: ClientVersionPins;

  /** `null` follows the code (docs/approvals.md "The policy field"). */
  @Column({ name: 'call_approval', type: 'text', nullable: true })
  callApproval!: ToolCallApproval | null;

  /** `null` follows the annotations (docs/architecture.md "The audit contract"). */
  @Column({ name: 'audit_rows', type: 'text', nullable: true })
  auditRows!: ToolAuditRows | null;
}
