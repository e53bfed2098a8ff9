import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import type { CallApprovalStatus } from './call-approval.types.js';

/** Row of `call_approvals` (migration CreateCallApprovals, docs/approvals.md "Call approvals"). */
@Entity({ name: 'call_approvals' })
@Check(
  'CHK_call_approvals_status',
  `status IN ('pending', 'approved', 'rejected', 'expired', 'executed', 'failed')`,
)
@Index('IDX_call_approvals_created_at', ['createdAt', 'id'])
@Index('IDX_call_approvals_open', ['expiresAt'], { where: `status IN ('pending', 'approved')` })
@Index('UQ_call_approvals_idempotency_key', ['principalKey', 'idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
export class CallApprovalEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  tool!: string;

  @Column({ name: 'tool_version', type: 'text' })
  toolVersion!: string;

  @Column({ name: 'definition_sha256', type: 'text' })
  definitionSha256!: string;

  @Column({ type: 'jsonb' })
  arguments!: JsonObject;

  @Column({ name: 'arguments_sha256', type: 'text' })
  argumentsSha256!: string;

  /** JSON array `[subject, tenant]`. */
  @Column({ name: 'principal_key', type: 'text' })
  principalKey!: string;

  @Column({ name: 'requester_subject', type: 'text' })
  requesterSubject!: string;

  @Column({ name: 'requester_tenant', type: 'text', nullable: true })
  requesterTenant!: string | null;

  @Column({ name: 'requester_client', type: 'text', nullable: true })
  requesterClient!: string | null;

  @Column({ name: 'requester_roles', type: 'jsonb' })
  requesterRoles!: string[];

  @Column({ name: 'requester_scopes', type: 'jsonb' })
  requesterScopes!: string[];

  @Column({ type: 'text' })
  transport!: string;

  @Column({ name: 'protocol_version', type: 'text' })
  protocolVersion!: string;

  @Column({ name: 'session_id', type: 'text', nullable: true })
  sessionId!: string | null;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey!: string | null;

  @Column({ type: 'text' })
  status!: CallApprovalStatus;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'jsonb', nullable: true })
  result!: JsonObject | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'executed_at', type: 'timestamptz', nullable: true })
  executedAt!: Date | null;
}
