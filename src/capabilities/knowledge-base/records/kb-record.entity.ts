import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { JsonObject } from '../../../protocol/json-rpc/json-rpc.types.js';

/**
 * Row of `kb_records` (migration CreateKnowledgeBase): a ticket, customer account or request
 * with free-form `fields`. `version` is the optimistic-concurrency token of `update_record`.
 */
@Entity({ name: 'kb_records' })
@Check('CHK_kb_records_fields', `jsonb_typeof(fields) = 'object'`)
@Index('IDX_kb_records_type', ['type', 'id'])
export class KbRecordEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  fields!: JsonObject;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy!: string | null;
}
