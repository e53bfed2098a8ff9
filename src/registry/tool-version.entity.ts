import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

import type { JsonObject } from '../mcp/json-rpc/json-rpc.types.js';

/** Row of `tool_versions` (migration CreateToolVersions); read by the admin API. */
@Entity({ name: 'tool_versions' })
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
}
