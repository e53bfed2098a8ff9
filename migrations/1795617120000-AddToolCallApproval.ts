import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-tool call approval (docs/approvals.md "The policy field"): `NULL` follows the code (a
 * destructive tool asks the user), `auto` waives approval, `user` asks the user even for a
 * non-destructive tool, `approver` always queues the call for a second person.
 */
export class AddToolCallApproval1795617120000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tool_policies ADD COLUMN call_approval text NULL,
        ADD CONSTRAINT "CHK_tool_policies_call_approval"
          CHECK (call_approval IN ('auto', 'user', 'approver'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tool_policies DROP COLUMN call_approval`);
  }
}
