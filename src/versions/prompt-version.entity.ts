import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';

/**
 * Row of `prompt_versions` (migrations CreatePromptVersions, AddPromptVersionApproval): one
 * distinct prompt definition and its approval state.
 */
@Entity({ name: 'prompt_versions' })
@Check('CHK_prompt_versions_status', `status IN ('pending', 'approved', 'rejected')`)
export class PromptVersionEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @PrimaryColumn({ name: 'definition_sha256', type: 'char', length: 64 })
  definitionSha256!: string;

  @Column({ type: 'jsonb' })
  definition!: JsonObject;

  @Column({ name: 'first_seen_at', type: 'timestamptz', default: () => 'now()' })
  firstSeenAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt!: Date;

  /** Only `approved` definitions of an upstream's prompt are served (docs/federation.md "Versions"). */
  @Column({ type: 'text', default: 'approved' })
  status!: 'pending' | 'approved' | 'rejected';

  /** `auto` for automatic approval, else the admin's subject. */
  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}
