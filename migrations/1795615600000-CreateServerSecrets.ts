import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Secrets the instances of one deployment must share, generated once (e.g. the HMAC key of
 * 2026-07-28 `requestState` when `MCP_STATE_SECRET` is unset), so a state signed by one instance
 * verifies on any other.
 */
export class CreateServerSecrets1795615600000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE server_secrets (
        name text NOT NULL,
        value bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_server_secrets" PRIMARY KEY (name)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE server_secrets`);
  }
}
