import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Makes `audit_log` tamper-evident and records admin changes in it (docs/architecture.md
 * "The audit contract"):
 *
 * - `prev_hash`/`row_hash`: each row carries the SHA-256 of its predecessor's hash and its own
 *   content (computed by the app, see audit-row.hash.ts). Appends take a transaction-scoped
 *   advisory lock, so there is one chain even with many instances. Rows written before this
 *   migration have no hash; `audit:verify` reports them as an unchained prefix.
 * - `arguments_redacted`: the optional redacted copy of a call's arguments (`MCP_AUDIT_ARGUMENTS`).
 * - `action`, `target`, `change_before`, `change_after`: admin and registry changes.
 *
 * Grants (docs/architecture.md "The audit contract", append-only): when `npm run migrate` connects
 * as an owner role distinct from the app's, it passes the app's role in the `mcp.app_role` setting.
 * The app role then gets DML on the feature tables but only INSERT and SELECT on `audit_log` (never
 * UPDATE, DELETE or TRUNCATE); the triggers of CreateAuditLog refuse those even to the owner.
 */
export class ChainAuditLog1795615760000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_log DROP CONSTRAINT "CHK_audit_log_event"`);
    await queryRunner.query(`
      ALTER TABLE audit_log
        ADD COLUMN prev_hash text NULL,
        ADD COLUMN row_hash text NULL,
        ADD COLUMN arguments_redacted jsonb NULL,
        ADD COLUMN action text NULL,
        ADD COLUMN target text NULL,
        ADD COLUMN change_before jsonb NULL,
        ADD COLUMN change_after jsonb NULL,
        ADD CONSTRAINT "CHK_audit_log_event"
          CHECK (event IN ('tool_call.started', 'tool_call.finished', 'admin.change', 'registry.change'))`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_subject" ON audit_log (subject)`);
    await queryRunner.query(`
      DO $grant$
      DECLARE app_role text := nullif(current_setting('mcp.app_role', true), '');
      BEGIN
        IF app_role IS NULL OR app_role = current_user THEN RETURN; END IF;
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), app_role);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I',
          current_schema(), app_role);
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM %I', app_role);
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM %I', app_role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
          current_schema(), app_role);
      END
      $grant$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_audit_log_subject"`);
    await queryRunner.query(`ALTER TABLE audit_log DROP CONSTRAINT "CHK_audit_log_event"`);
    await queryRunner.query(`
      ALTER TABLE audit_log
        DROP COLUMN change_after,
        DROP COLUMN change_before,
        DROP COLUMN target,
        DROP COLUMN action,
        DROP COLUMN arguments_redacted,
        DROP COLUMN row_hash,
        DROP COLUMN prev_hash,
        ADD CONSTRAINT "CHK_audit_log_event"
          CHECK (event IN ('tool_call.started', 'tool_call.finished'))`);
  }
}
