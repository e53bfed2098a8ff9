import type { MigrationInterface, QueryRunner } from 'typeorm';

const AUDIT_EVENTS = `'tool_call.started', 'tool_call.finished', 'admin.change', 'registry.change'`;

/**
 * Agent Skills served through the SEP-2640 extension (docs/skills.md), governed like tools:
 *
 * - `skill_versions`: every distinct skill ever loaded, keyed by its path and the digest of its
 *   manifest (frontmatter and every file's path, digest and size), with its approval state. Under
 *   `MCP_TOOL_APPROVAL=required` a new version is `pending` until an operator approves it, while
 *   the newest approved one keeps being served.
 * - `skill_files`: the bytes of those files, content-addressed by `sha256:` digest, so an approved
 *   version can still be served after its folder changed (and on any instance).
 * - `capability_policies` takes `kind = 'skill'` (who may see a skill, keyed by its path).
 * - `audit_log` takes `event = 'skill.read'`: each read of a skill file is on record.
 */
export class CreateSkillVersions1795617240000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE skill_versions (
        path text NOT NULL,
        digest text NOT NULL,
        name text NOT NULL,
        origin text NOT NULL,
        frontmatter jsonb NOT NULL,
        files jsonb NOT NULL,
        status text NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        decided_by text NULL,
        decided_at timestamptz NULL,
        CONSTRAINT "PK_skill_versions" PRIMARY KEY (path, digest),
        CONSTRAINT "CHK_skill_versions_status" CHECK (status IN ('pending', 'approved', 'rejected'))
      )`);
    await queryRunner.query(`
      CREATE TABLE skill_files (
        digest text NOT NULL,
        content bytea NOT NULL,
        CONSTRAINT "PK_skill_files" PRIMARY KEY (digest)
      )`);
    await queryRunner.query(
      `ALTER TABLE capability_policies DROP CONSTRAINT "CHK_capability_policies_kind"`,
    );
    await queryRunner.query(`
      ALTER TABLE capability_policies ADD CONSTRAINT "CHK_capability_policies_kind"
        CHECK (kind IN ('prompt', 'resource', 'resource-template', 'skill'))`);
    await queryRunner.query(`ALTER TABLE audit_log DROP CONSTRAINT "CHK_audit_log_event"`);
    await queryRunner.query(`
      ALTER TABLE audit_log ADD CONSTRAINT "CHK_audit_log_event"
        CHECK (event IN (${AUDIT_EVENTS}, 'skill.read'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM capability_policies WHERE kind = 'skill'`);
    await queryRunner.query(
      `ALTER TABLE capability_policies DROP CONSTRAINT "CHK_capability_policies_kind"`,
    );
    await queryRunner.query(`
      ALTER TABLE capability_policies ADD CONSTRAINT "CHK_capability_policies_kind"
        CHECK (kind IN ('prompt', 'resource', 'resource-template'))`);
    await queryRunner.query(`ALTER TABLE audit_log DROP CONSTRAINT "CHK_audit_log_event"`);
    await queryRunner.query(`
      ALTER TABLE audit_log ADD CONSTRAINT "CHK_audit_log_event" CHECK (event IN (${AUDIT_EVENTS}))`);
    await queryRunner.query(`DROP TABLE skill_files`);
    await queryRunner.query(`DROP TABLE skill_versions`);
  }
}
