import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';

/** Row of `sessions` (migration CreateSessions); read by the admin API. */
@Entity({ name: 'sessions' })
@Index('IDX_sessions_subject_active', ['subject'], { where: 'ended_at IS NULL' })
export class SessionEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'client_id', type: 'text', nullable: true })
  clientId!: string | null;

  @Column({ type: 'text' })
  transport!: string;

  @Column({ name: 'protocol_version', type: 'text' })
  protocolVersion!: string;

  @Column({ name: 'client_info', type: 'jsonb', nullable: true })
  clientInfo!: JsonObject | null;

  @Column({ name: 'client_capabilities', type: 'jsonb' })
  clientCapabilities!: JsonObject;

  @Column({ name: 'log_level', type: 'text', nullable: true })
  logLevel!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;
}
