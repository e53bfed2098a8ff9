import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';

/**
 * Row of `upstream_servers` (migration CreateUpstreamServers): one federated upstream MCP server.
 * Secrets never sit in clear here: `sealed_secrets` is AES-256-GCM of a JSON object of the header
 * values and the credential's secret (docs/federation.md "Secrets at rest").
 */
@Entity({ name: 'upstream_servers' })
@Check('CHK_upstream_servers_transport', `transport IN ('streamable-http', 'sse', 'stdio')`)
@Check('CHK_upstream_servers_managed_by', `managed_by IN ('api', 'file')`)
export class UpstreamServerEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  transport!: 'streamable-http' | 'sse' | 'stdio';

  @Column({ type: 'text', nullable: true })
  url!: string | null;

  @Column({ type: 'text', nullable: true })
  command!: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  args!: string[];

  /** Names of the static headers; their values are sealed. */
  @Column({ name: 'header_names', type: 'jsonb', default: () => `'[]'` })
  headerNames!: string[];

  /** The credential without its secret: `{ type, name?, tokenUrl?, clientId?, scope?, ... }`. */
  @Column({ type: 'jsonb' })
  auth!: JsonObject;

  @Column({ name: 'sealed_secrets', type: 'text', nullable: true })
  sealedSecrets!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'timeout_ms', type: 'integer', nullable: true })
  timeoutMs!: number | null;

  /** `file` rows follow `MCP_UPSTREAMS_FILE`; the admin API changes only `api` rows. */
  @Column({ name: 'managed_by', type: 'text', default: 'api' })
  managedBy!: 'api' | 'file';

  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'text' })
  updatedBy!: string;
}
