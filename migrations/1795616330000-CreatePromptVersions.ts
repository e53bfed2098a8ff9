import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every distinct prompt definition ever declared, keyed by the SHA-256 of its canonical JSON, like
 * `tool_versions`: a prompt's text reaches the model, so a changed definition is kept and audited.
 * No version label and no approval state: prompts are user-controlled (MCP spec, server features
 * §Prompts), shown to the user before they are used.
 */
export class CreatePromptVersions1795616330000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE prompt_versions (
        name text NOT NULL,
        definition_sha256 char(64) NOT NULL,
        definition jsonb NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_prompt_versions" PRIMARY KEY (name, definition_sha256)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE prompt_versions`);
  }
}
