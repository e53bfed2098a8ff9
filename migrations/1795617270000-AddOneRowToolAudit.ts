import type { MigrationInterface, QueryRunner } from 'typeorm';

const EVENTS_BEFORE = `'tool_call.started', 'tool_call.finished', 'admin.change', 'registry.change', 'skill.read'`;
const EVENTS = `${EVENTS_BEFORE}, 'tool_call.completed'`;

/**
 * Calls audited in one row after they ran (docs/architecture.md "The audit contract"):
 *
 * - `audit_log` admits the event `tool_call.completed`. The widened CHECK is added NOT VALID and
 *   validated afterwards, so the scan of every partition holds only a SHARE UPDATE EXCLUSIVE lock
 *   and appends go on meanwhile (Postgres docs, ALTER TABLE "VALIDATE CONSTRAINT").
 * - `tool_policies.audit_rows`: `one` or `two` rows per call by operator decision; `NULL` follows
 *   the tool's annotations.
 */
export class AddOneRowToolAudit1795617270000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await replaceEventCheck(queryRunner, EVENTS);
    await queryRunner.query(`
      ALTER TABLE tool_policies ADD COLUMN audit_rows text NULL,
        ADD CONSTRAINT "CHK_tool_policies_audit_rows" CHECK (audit_rows IN ('one', 'two'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tool_policies DROP COLUMN audit_rows`);
    // Fails while completed rows exist: they cannot be expressed in the older schema.
    await replaceEventCheck(queryRunner, EVENTS_BEFORE);
  }
}

async function replaceEventCheck(queryRunner: QueryRunner, events: string): Promise<void> {
  await queryRunner.query(`
    ALTER TABLE audit_log DROP CONSTRAINT "CHK_audit_log_event",
      ADD CONSTRAINT "CHK_audit_log_event" CHECK (event IN (${events})) NOT VALID`);
  await queryRunner.query(`ALTER TABLE audit_log VALIDATE CONSTRAINT "CHK_audit_log_event"`);
}
