import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `prompt_versions` gets the approval state `tool_versions` has (docs/federation.md "Versions"):
 * an upstream's prompt definition is served only once approved under `MCP_TOOL_APPROVAL=required`.
 * Local prompts, and every definition recorded before this migration, are `approved` by `auto`.
 */
export class AddPromptVersionApproval1795617300000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE prompt_versions
        ADD COLUMN status text NOT NULL DEFAULT 'approved',
        ADD COLUMN decided_by text NULL,
        ADD COLUMN decided_at timestamptz NULL,
        ADD CONSTRAINT "CHK_prompt_versions_status"
          CHECK (status IN ('pending', 'approved', 'rejected'))`);
    await queryRunner.query(
      `UPDATE prompt_versions SET decided_by = 'auto', decided_at = first_seen_at`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE prompt_versions
        DROP CONSTRAINT "CHK_prompt_versions_status",
        DROP COLUMN decided_at,
        DROP COLUMN decided_by,
        DROP COLUMN status`);
  }
}
