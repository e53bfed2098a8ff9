import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `audit_log.occurred_at` gets a BRIN index instead of a B-tree (issue 8, the audit write). Rows
 * are only ever appended, in time order up to the instances' clock skew, so the table's physical
 * order follows `occurred_at` and a block-range summary answers the time-window filters (admin audit search, tool call stats)
 * while costing the append almost nothing: a B-tree insertion per row, two rows per tool call,
 * was one of the five index updates of every audited call (Postgres docs §71.1, BRIN).
 */
export class AuditOccurredAtBrin1795616460000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_audit_log_occurred_at"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_log_occurred_at" ON audit_log USING brin (occurred_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_audit_log_occurred_at"`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_occurred_at" ON audit_log (occurred_at)`);
  }
}
