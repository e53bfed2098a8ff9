import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';

/** Row of `prompt_versions` (migration CreatePromptVersions): one distinct prompt definition. */
@Entity({ name: 'prompt_versions' })
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
}
