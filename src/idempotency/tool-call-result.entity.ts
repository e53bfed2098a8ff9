import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';

export type ToolCallResultState = 'running' | 'completed';

/**
 * Row of `tool_call_results` (migration CreateToolCallResults): the first result of a
 * `tools/call` under one idempotency key of one principal (docs/approvals.md "Idempotent
 * retries"). A failed run keeps no row, so a retry runs again.
 */
@Entity({ name: 'tool_call_results' })
@Check('CHK_tool_call_results_state', `state IN ('running', 'completed')`)
@Index('IDX_tool_call_results_expires_at', ['expiresAt'])
export class ToolCallResultEntity {
  /** JSON array `[subject, tenant]`. */
  @PrimaryColumn({ name: 'principal_key', type: 'text' })
  principalKey!: string;

  @PrimaryColumn({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  @Column({ type: 'text' })
  tool!: string;

  @Column({ name: 'arguments_sha256', type: 'text' })
  argumentsSha256!: string;

  @Column({ type: 'text' })
  state!: ToolCallResultState;

  @Column({ type: 'jsonb', nullable: true })
  result!: JsonObject | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
