import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cheaper index upkeep for `audit_log`, which takes two rows per tool call; every query the admin
 * API runs keeps an index (checked with EXPLAIN):
 *
 * - `occurred_at` gets a BRIN index instead of a B-tree. Rows are only ever appended, in time
 *   order up to the instances' clock skew, so the table's physical order follows `occurred_at`
 *   and a block-range summary serves the time-window filters at almost no cost per row
 *   (Postgres docs §71.1, BRIN).
 * - `subject` and `tool_name` are indexed only where set. Outcome rows carry neither (they hold
 *   the correlation id and the outcome), so half of the rows skip both B-trees; a filter such as
 *   `subject = $1` implies `subject IS NOT NULL`, so the planner still uses them.
 */
export class LeanAuditLogIndexes1795616460000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX "IDX_audit_log_occurred_at", "IDX_audit_log_subject", "IDX_audit_log_tool_name"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_log_occurred_at" ON audit_log USING brin (occurred_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_log_subject" ON audit_log (subject) WHERE subject IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_log_tool_name" ON audit_log (tool_name) WHERE tool_name IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX "IDX_audit_log_occurred_at", "IDX_audit_log_subject", "IDX_audit_log_tool_name"`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_occurred_at" ON audit_log (occurred_at)`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_subject" ON audit_log (subject)`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_tool_name" ON audit_log (tool_name)`);
  }
}
