import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';

export type SkillVersionStatus = 'pending' | 'approved' | 'rejected';

/** One file of a recorded skill version: what `skills/list` publishes of it. */
export interface RecordedSkillFile {
  readonly path: string;
  readonly digest: string;
  readonly size: number;
}

/**
 * Row of `skill_versions` (migration CreateSkillVersions): one distinct skill, keyed by its path
 * and the digest of its manifest, with its approval state.
 */
@Entity({ name: 'skill_versions' })
@Check('CHK_skill_versions_status', `status IN ('pending', 'approved', 'rejected')`)
export class SkillVersionEntity {
  @PrimaryColumn({ type: 'text' })
  path!: string;

  @PrimaryColumn({ type: 'text' })
  digest!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  origin!: string;

  @Column({ type: 'jsonb' })
  frontmatter!: JsonObject;

  @Column({ type: 'jsonb' })
  files!: RecordedSkillFile[];

  @Column({ type: 'text' })
  status!: SkillVersionStatus;

  @Column({ name: 'first_seen_at', type: 'timestamptz', default: () => 'now()' })
  firstSeenAt!: Date;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}

/** Row of `skill_files`: the bytes of a skill file, by the `sha256:` digest of those bytes. */
@Entity({ name: 'skill_files' })
export class SkillFileEntity {
  @PrimaryColumn({ type: 'text' })
  digest!: string;

  @Column({ type: 'bytea' })
  content!: Buffer;
}
