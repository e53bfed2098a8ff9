import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Legacy-era (2024-11-05 … 2025-11-25) MCP sessions, so any instance can serve any session.
 * The partial index serves the per-principal session cap, which counts open sessions only.
 */
export class CreateSessions1795615460000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sessions (
        id text NOT NULL,
        subject text NOT NULL,
        client_id text NULL,
        transport text NOT NULL,
        protocol_version text NOT NULL,
        client_info jsonb NULL,
        client_capabilities jsonb NOT NULL,
        log_level text NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        ended_at timestamptz NULL,
        CONSTRAINT "PK_sessions" PRIMARY KEY (id)
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_sessions_subject_active" ON sessions (subject) WHERE ended_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE sessions`);
  }
}
