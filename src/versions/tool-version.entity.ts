import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';

/** Row of `tool_versions` (migrations CreateToolVersions, CreateToolPolicies); read by the admin API. */
@Entity({ name: 'tool_versions' })
@Check('CHK_tool_versions_status', `status IN ('pending', 'approved', 'rejected')`)
@Unique('UQ_tool_versions_name_version_sha256', ['name', 'version', 'definitionSha256'])
@Index('IDX_tool_versions_name', ['name'])
export class ToolVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  version!: string;

  @Column({ name: 'definition_sha256', type: 'char', length: 64 })
  definitionSha256!: string;

  /** The `ToolDefinition` as served (the hash covers its canonical JSON, see capability.types). */
  @Column({ type: 'jsonb' })
  definition!: JsonObject;

  @Column({ name: 'first_seen_at', type: 'timestamptz', default: () => 'now()' })
  firstSeenAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt!: Date;

  /** Approval state (rug-pull protection): only `approved` definitions are ever served. */
  @Column({ type: 'text', default: 'approved' })
  status!: 'pending' | 'approved' | 'rejected';

  /** `auto` for automatic approval, else the admin's subject. */
  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}
