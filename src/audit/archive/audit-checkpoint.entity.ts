import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Row of `audit_checkpoints` (migration PartitionAuditLog): the signed checkpoint of one archived
 * `audit_log` partition (docs/data-lifecycle.md "Archive"). Written by `npm run audit:archive`
 * only; `audit:verify` starts the chain from the newest.
 */
@Entity({ name: 'audit_checkpoints' })
@Index('UQ_audit_checkpoints_last_id', ['lastId'], { unique: true })
export class AuditCheckpointEntity {
  @PrimaryColumn({ type: 'text' })
  partition!: string;

  @Column({ name: 'first_id', type: 'bigint' })
  firstId!: string;

  @Column({ name: 'last_id', type: 'bigint' })
  lastId!: string;

  @Column({ name: 'row_count', type: 'integer' })
  rowCount!: number;

  @Column({ name: 'first_prev_hash', type: 'text', nullable: true })
  firstPrevHash!: string | null;

  @Column({ name: 'last_hash', type: 'text' })
  lastHash!: string;

  @Column({ name: 'file_sha256', type: 'text' })
  fileSha256!: string;

  @Column({ name: 'public_key', type: 'text' })
  publicKey!: string;

  @Column({ type: 'text' })
  signature!: string;

  @Column({ name: 'archived_at', type: 'timestamptz', default: () => 'now()' })
  archivedAt!: Date;
}
