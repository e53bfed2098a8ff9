import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every distinct tool definition ever served, keyed by the SHA-256 of its canonical JSON (rug-pull
 * protection, README "Design"). gen_random_uuid() is core Postgres since 13 (and in PGlite), so no
 * extension is needed. Names are unqualified: the connection's search_path is DB_SCHEMA.
 */
export class CreateToolVersions1795615400000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tool_versions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        version text NOT NULL,
        definition_sha256 char(64) NOT NULL,
        definition jsonb NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_tool_versions" PRIMARY KEY (id),
        CONSTRAINT "UQ_tool_versions_name_version_sha256" UNIQUE (name, version, definition_sha256)
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_tool_versions_name" ON tool_versions (name)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE tool_versions`);
  }
}
