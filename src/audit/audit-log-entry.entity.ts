import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

import type { AuditEvent } from './audit-row.js';

/**
 * Row of `audit_log` (migrations CreateAuditLog, ChainAuditLog, LeanAuditLogIndexes,
 * PartitionAuditLog, AddOneRowToolAudit), for reading
 * only: rows are appended to the hash chain by audit-chain.writer and the table refuses UPDATE and
 * DELETE.
 * A "started" row carries who/what; the "finished" row with the same `correlationId` carries
 * the outcome; a "completed" row carries both (a call audited in one row, after it ran); admin
 * and registry changes carry `action`, `target` and the before/after.
 */
@Entity({ name: 'audit_log' })
@Check(
  'CHK_audit_log_event',
  `event IN ('tool_call.started', 'tool_call.finished', 'admin.change', 'registry.change', 'skill.read', 'tool_call.completed')`,
)
// Partial, BRIN: see migration LeanAuditLogIndexes.
@Index('IDX_audit_log_subject', ['subject'], { where: 'subject IS NOT NULL' })
@Index('IDX_audit_log_correlation_id', ['correlationId'])
@Index('IDX_audit_log_occurred_at', ['occurredAt'], { type: 'brin' })
@Index('IDX_audit_log_tool_name', ['toolName'], { where: 'tool_name IS NOT NULL' })
export class AuditLogEntryEntity {
  /** bigint: returned as a string by `pg` so no precision is lost. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'correlation_id', type: 'uuid' })
  correlationId!: string;

  @Column({ type: 'text' })
  event!: AuditEvent;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ name: 'client_id', type: 'text', nullable: true })
  clientId!: string | null;

  @Column({ type: 'text', nullable: true })
  tenant!: string | null;

  @Column({ type: 'text', array: true, nullable: true })
  roles!: string[] | null;

  @Column({ type: 'text', nullable: true })
  transport!: string | null;

  @Column({ name: 'session_id', type: 'text', nullable: true })
  sessionId!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ name: 'tool_name', type: 'text', nullable: true })
  toolName!: string | null;

  @Column({ name: 'tool_version', type: 'text', nullable: true })
  toolVersion!: string | null;

  @Column({ name: 'definition_sha256', type: 'text', nullable: true })
  definitionSha256!: string | null;

  @Column({ name: 'arguments_sha256', type: 'text', nullable: true })
  argumentsSha256!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs!: number | null;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ name: 'arguments_redacted', type: 'jsonb', nullable: true })
  argumentsRedacted!: unknown;

  @Column({ type: 'text', nullable: true })
  action!: string | null;

  @Column({ type: 'text', nullable: true })
  target!: string | null;

  @Column({ name: 'change_before', type: 'jsonb', nullable: true })
  changeBefore!: unknown;

  @Column({ name: 'change_after', type: 'jsonb', nullable: true })
  changeAfter!: unknown;

  @Column({ name: 'prev_hash', type: 'text', nullable: true })
  prevHash!: string | null;

  @Column({ name: 'row_hash', type: 'text', nullable: true })
  rowHash!: string | null;

  /**
   * When the row joined the chain (set under the chain's lock, so in `id` order): the monthly
   * partition key (migration PartitionAuditLog, docs/data-lifecycle.md).
   */
  @PrimaryColumn({ name: 'chained_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  chainedAt!: Date;
}
