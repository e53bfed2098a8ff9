import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Append-only audit trail of tool calls (docs/architecture.md "The audit contract"). Each call
 * writes a "started" row before it runs and a "finished" row with the outcome; both share
 * `correlation_id`. Hash values are `text`, not char(64): a malformed value must not fail a whole
 * group commit. Rows get their final values in one INSERT and are never rewritten, so a later
 * migration can add `prev_hash`/`row_hash` columns filled at insert time without touching this
 * shape.
 *
 * Triggers are the second line of defence after privileges (the app role gets INSERT/SELECT
 * only): a row trigger refuses UPDATE/DELETE, and a statement trigger refuses TRUNCATE because
 * row triggers never fire on TRUNCATE.
 */
export class CreateAuditLog1795615520000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY,
        correlation_id uuid NOT NULL,
        event text NOT NULL,
        occurred_at timestamptz NOT NULL,
        subject text NULL,
        client_id text NULL,
        tenant text NULL,
        roles text[] NULL,
        transport text NULL,
        session_id text NULL,
        request_id text NULL,
        tool_name text NULL,
        tool_version text NULL,
        definition_sha256 text NULL,
        arguments_sha256 text NULL,
        outcome text NULL,
        duration_ms integer NULL,
        detail text NULL,
        CONSTRAINT "PK_audit_log" PRIMARY KEY (id),
        CONSTRAINT "CHK_audit_log_event" CHECK (event IN ('tool_call.started', 'tool_call.finished'))
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_log_correlation_id" ON audit_log (correlation_id)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_occurred_at" ON audit_log (occurred_at)`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_tool_name" ON audit_log (tool_name)`);
    await queryRunner.query(`
      CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_refuse_update_delete
        BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_refuse_truncate
        BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_refuse_change()`);
  }
}
