import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Federated upstream MCP servers (docs/federation.md): how to reach each (transport, URL or
 * command), its credential without the secret, and the secrets sealed with AES-256-GCM
 * (`sealed_secrets`, never in clear). `managed_by` says whether the admin API or
 * `MCP_UPSTREAMS_FILE` owns the row; `revision` is the admin API's ETag. The app role reads and
 * writes it through the schema's default privileges (ChainAuditLog).
 */
export class CreateUpstreamServers1795617250000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE upstream_servers (
        name text NOT NULL,
        transport text NOT NULL,
        url text NULL,
        command text NULL,
        args jsonb NOT NULL DEFAULT '[]',
        header_names jsonb NOT NULL DEFAULT '[]',
        auth jsonb NOT NULL,
        sealed_secrets text NULL,
        enabled boolean NOT NULL DEFAULT true,
        timeout_ms integer NULL,
        managed_by text NOT NULL DEFAULT 'api',
        revision integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        CONSTRAINT "PK_upstream_servers" PRIMARY KEY (name),
        CONSTRAINT "CHK_upstream_servers_transport"
          CHECK (transport IN ('streamable-http', 'sse', 'stdio')),
        CONSTRAINT "CHK_upstream_servers_managed_by" CHECK (managed_by IN ('api', 'file'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE upstream_servers`);
  }
}
