import type { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = `id, correlation_id, event, occurred_at, subject, client_id, tenant, roles,
  transport, session_id, request_id, tool_name, tool_version, definition_sha256,
  arguments_sha256, outcome, duration_ms, detail, prev_hash, row_hash, arguments_redacted,
  action, target, change_before, change_after`;

const TABLE_BODY = `
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
  prev_hash text NULL,
  row_hash text NULL,
  arguments_redacted jsonb NULL,
  action text NULL,
  target text NULL,
  change_before jsonb NULL,
  change_after jsonb NULL,
  CONSTRAINT "CHK_audit_log_event"
    CHECK (event IN ('tool_call.started', 'tool_call.finished', 'admin.change', 'registry.change'))`;

/**
 * `audit_log` range-partitioned by month on `chained_at`, so whole months can be archived and
 * dropped without a DELETE (docs/data-lifecycle.md "Audit partitions"). The hash chain, the
 * append function and the append-only rules stay as they were (docs/architecture.md "The audit
 * contract"):
 *
 * - `chained_at` defaults to `clock_timestamp()`, read when `audit_append` inserts, under the
 *   chain's advisory lock: rows are chained one holder at a time, so partition order follows
 *   chain (`id`) order. `occurred_at` (the instance's clock, skewed across instances) would not.
 *   Existing rows take their `occurred_at`.
 * - The primary key must hold the partition key (Postgres docs §5.11.2.3): `(id, chained_at)`;
 *   `id` still comes from the one identity sequence, so it stays unique and ordered.
 * - `audit_log_add_partitions(first_month, months)` creates the missing monthly partitions
 *   `audit_log_pYYYYMM`. SECURITY DEFINER so the app role (INSERT/SELECT only) can create empty
 *   future partitions without owning the table; each new partition refuses TRUNCATE (a
 *   statement trigger on the parent does not fire for a partition truncated directly) and no
 *   role but the owner keeps UPDATE or DELETE on it. Row triggers are cloned to partitions.
 * - `audit_log_default` takes any row no monthly partition covers, so an append never fails for
 *   want of a partition.
 * - `audit_checkpoints`: one row per archived partition (its signed checkpoint), written by
 *   `npm run audit:archive` as the owner in the transaction that drops the partition;
 *   `audit:verify` starts the chain from the newest one. The app role may only read it.
 */
export class PartitionAuditLog1795617180000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_log RENAME TO audit_log_unpartitioned`);
    await queryRunner.query(`
      ALTER TABLE audit_log_unpartitioned RENAME CONSTRAINT "PK_audit_log" TO "PK_audit_log_old"`);
    await queryRunner.query(`
      DROP INDEX "IDX_audit_log_correlation_id", "IDX_audit_log_occurred_at",
        "IDX_audit_log_subject", "IDX_audit_log_tool_name"`);
    await queryRunner.query(`
      CREATE TABLE audit_log (${TABLE_BODY},
        chained_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "PK_audit_log" PRIMARY KEY (id, chained_at)
      ) PARTITION BY RANGE (chained_at)`);
    await createIndexesAndTriggers(queryRunner);
    await queryRunner.query(`
      CREATE FUNCTION audit_log_add_partitions(first_month date, months integer)
      RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $add$
      DECLARE
        created integer := 0;
        lower date;
        part text;
        grantee text;
      BEGIN
        FOR i IN 0 .. least(months, 120) - 1 LOOP
          lower := (date_trunc('month', first_month) + make_interval(months => i))::date;
          part := 'audit_log_p' || to_char(lower, 'YYYYMM');
          CONTINUE WHEN to_regclass(part) IS NOT NULL;
          EXECUTE format('CREATE TABLE %I PARTITION OF audit_log FOR VALUES FROM (%L) TO (%L)',
            part, lower, (lower + interval '1 month')::date);
          EXECUTE format('CREATE TRIGGER audit_log_refuse_truncate BEFORE TRUNCATE ON %I
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()', part);
          FOR grantee IN SELECT DISTINCT g.grantee FROM information_schema.role_table_grants g
              WHERE g.table_schema = current_schema() AND g.table_name = part
                AND g.grantee <> current_user LOOP
            EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM %I', part, grantee);
          END LOOP;
          created := created + 1;
        END LOOP;
        RETURN created;
      END
      $add$`);
    await queryRunner.query(`CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_refuse_truncate BEFORE TRUNCATE ON audit_log_default
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
    // The months of the rows kept, this month and the next two.
    await queryRunner.query(`
      SELECT audit_log_add_partitions(first,
        ((extract(year FROM age(date_trunc('month', now()), first)) * 12
          + extract(month FROM age(date_trunc('month', now()), first)))::integer + 3))
      FROM (SELECT date_trunc('month', coalesce(min(occurred_at), now()))::date AS first
        FROM audit_log_unpartitioned) bounds`);
    await queryRunner.query(`
      INSERT INTO audit_log (${COLUMNS}, chained_at) OVERRIDING SYSTEM VALUE
      SELECT ${COLUMNS}, occurred_at FROM audit_log_unpartitioned ORDER BY id`);
    await queryRunner.query(`
      SELECT setval(pg_get_serial_sequence('audit_log', 'id'), max(id))
      FROM audit_log HAVING max(id) IS NOT NULL`);
    await queryRunner.query(`DROP TABLE audit_log_unpartitioned`);
    await queryRunner.query(`
      CREATE TABLE audit_checkpoints (
        partition text NOT NULL,
        first_id bigint NOT NULL,
        last_id bigint NOT NULL,
        row_count integer NOT NULL,
        first_prev_hash text NULL,
        last_hash text NOT NULL,
        file_sha256 text NOT NULL,
        public_key text NOT NULL,
        signature text NOT NULL,
        archived_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_audit_checkpoints" PRIMARY KEY (partition)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_audit_checkpoints_last_id" ON audit_checkpoints (last_id)`,
    );
    await revokeFromAppRole(queryRunner, ['audit_log', 'audit_log_default']);
    await revokeFromAppRole(queryRunner, ['audit_checkpoints'], 'INSERT, ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_checkpoints`);
    await queryRunner.query(`ALTER TABLE audit_log RENAME TO audit_log_partitioned`);
    await queryRunner.query(`
      ALTER TABLE audit_log_partitioned RENAME CONSTRAINT "PK_audit_log" TO "PK_audit_log_old"`);
    await queryRunner.query(`
      DROP INDEX "IDX_audit_log_correlation_id", "IDX_audit_log_occurred_at",
        "IDX_audit_log_subject", "IDX_audit_log_tool_name"`);
    await queryRunner.query(`
      CREATE TABLE audit_log (${TABLE_BODY}, CONSTRAINT "PK_audit_log" PRIMARY KEY (id))`);
    await createIndexesAndTriggers(queryRunner);
    await queryRunner.query(`
      INSERT INTO audit_log (${COLUMNS}) OVERRIDING SYSTEM VALUE
      SELECT ${COLUMNS} FROM audit_log_partitioned ORDER BY id`);
    await queryRunner.query(`
      SELECT setval(pg_get_serial_sequence('audit_log', 'id'), max(id))
      FROM audit_log HAVING max(id) IS NOT NULL`);
    await queryRunner.query(`DROP TABLE audit_log_partitioned`);
    await queryRunner.query(`DROP FUNCTION audit_log_add_partitions(date, integer)`);
    await revokeFromAppRole(queryRunner, ['audit_log']);
  }
}

/** The indexes of LeanAuditLogIndexes and the append-only triggers of CreateAuditLog. */
async function createIndexesAndTriggers(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(
    `CREATE INDEX "IDX_audit_log_correlation_id" ON audit_log (correlation_id)`,
  );
  await queryRunner.query(
    `CREATE INDEX "IDX_audit_log_occurred_at" ON audit_log USING brin (occurred_at)`,
  );
  await queryRunner.query(
    `CREATE INDEX "IDX_audit_log_subject" ON audit_log (subject) WHERE subject IS NOT NULL`,
  );
  await queryRunner.query(
    `CREATE INDEX "IDX_audit_log_tool_name" ON audit_log (tool_name) WHERE tool_name IS NOT NULL`,
  );
  await queryRunner.query(`
    CREATE TRIGGER audit_log_refuse_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`);
  await queryRunner.query(`
    CREATE TRIGGER audit_log_refuse_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`);
}

/**
 * The new tables got the owner's default privileges for the app role (ChainAuditLog): take back
 * all but INSERT and SELECT (and INSERT too with `alsoRevoked = 'INSERT, '`), as ChainAuditLog
 * did for the table it replaced.
 */
async function revokeFromAppRole(
  queryRunner: QueryRunner,
  tables: string[],
  alsoRevoked = '',
): Promise<void> {
  await queryRunner.query(`
    DO $revoke$
    DECLARE
      app_role text := nullif(current_setting('mcp.app_role', true), '');
      audit_table text;
    BEGIN
      IF app_role IS NULL OR app_role = current_user THEN RETURN; END IF;
      FOREACH audit_table IN ARRAY ARRAY['${tables.join("', '")}'] LOOP
        EXECUTE format('REVOKE ${alsoRevoked}UPDATE, DELETE, TRUNCATE ON %I FROM %I',
          audit_table, app_role);
      END LOOP;
    END
    $revoke$`);
}
