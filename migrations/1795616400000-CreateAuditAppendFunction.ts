import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Shared with AuditAppendFromTails, whose `down` puts this form back. */
export const CREATE_COLUMN_ARRAYS_AUDIT_APPEND = `
      CREATE FUNCTION audit_append(
        tails text[], correlation_ids uuid[], events text[], occurred_ats timestamptz[],
        subjects text[], client_ids text[], tenants text[], roles jsonb[], transports text[],
        session_ids text[], request_ids text[], tool_names text[], tool_versions text[],
        definition_sha256s text[], arguments_sha256s text[], arguments_redacteds jsonb[],
        outcomes text[], duration_mss integer[], details text[], actions text[], targets text[],
        change_befores jsonb[], change_afters jsonb[], retried boolean[]
      ) RETURNS integer LANGUAGE plpgsql VOLATILE AS $append$
      DECLARE
        head text;
        inserted integer;
        prev_hashes text[] := ARRAY[]::text[];
        row_hashes text[] := ARRAY[]::text[];
      BEGIN
        PERFORM pg_advisory_xact_lock(72614341, hashtext(current_schema()));
        SELECT a.row_hash INTO head FROM audit_log a ORDER BY a.id DESC LIMIT 1;
        FOR i IN 1 .. coalesce(array_length(tails, 1), 0) LOOP
          -- Nested, not AND: SQL does not promise to skip the lookup for first attempts.
          IF retried[i] THEN
            IF EXISTS (SELECT 1 FROM audit_log a
                WHERE a.correlation_id = correlation_ids[i] AND a.event = events[i]) THEN
              -- Written by an attempt whose acknowledgement was lost: not again.
              prev_hashes := array_append(prev_hashes, NULL);
              row_hashes := array_append(row_hashes, NULL);
              CONTINUE;
            END IF;
          END IF;
          prev_hashes := array_append(prev_hashes, head);
          head := encode(sha256(convert_to(
            '[' || coalesce('"' || head || '"', 'null') || ',' || tails[i], 'UTF8')), 'hex');
          row_hashes := array_append(row_hashes, head);
        END LOOP;
        INSERT INTO audit_log (correlation_id, event, occurred_at, subject, client_id, tenant,
          roles, transport, session_id, request_id, tool_name, tool_version, definition_sha256,
          arguments_sha256, arguments_redacted, outcome, duration_ms, detail, action, target,
          change_before, change_after, prev_hash, row_hash)
        SELECT r.correlation_id, r.event, r.occurred_at, r.subject, r.client_id, r.tenant,
          CASE WHEN r.roles IS NULL THEN NULL
            ELSE ARRAY(SELECT jsonb_array_elements_text(r.roles)) END,
          r.transport, r.session_id, r.request_id, r.tool_name, r.tool_version,
          r.definition_sha256, r.arguments_sha256, r.arguments_redacted, r.outcome,
          r.duration_ms, r.detail, r.action, r.target, r.change_before, r.change_after,
          r.prev_hash, r.row_hash
        FROM unnest(correlation_ids, events, occurred_ats, subjects, client_ids, tenants, roles,
          transports, session_ids, request_ids, tool_names, tool_versions, definition_sha256s,
          arguments_sha256s, arguments_redacteds, outcomes, duration_mss, details, actions,
          targets, change_befores, change_afters, prev_hashes, row_hashes)
          WITH ORDINALITY AS r(correlation_id, event, occurred_at, subject, client_id, tenant,
            roles, transport, session_id, request_id, tool_name, tool_version,
            definition_sha256, arguments_sha256, arguments_redacted, outcome, duration_ms,
            detail, action, target, change_before, change_after, prev_hash, row_hash, ord)
        WHERE r.row_hash IS NOT NULL
        ORDER BY r.ord;
        GET DIAGNOSTICS inserted = ROW_COUNT;
        RETURN inserted;
      END
      $append$`;

export const DROP_COLUMN_ARRAYS_AUDIT_APPEND = `
      DROP FUNCTION audit_append(text[], uuid[], text[], timestamptz[], text[], text[], text[],
        jsonb[], text[], text[], text[], text[], text[], text[], text[], jsonb[], text[],
        integer[], text[], text[], text[], jsonb[], jsonb[], boolean[])`;

/**
 * `audit_append(...)`: appends a batch of rows, returning how many it inserted, to the `audit_log`
 * hash chain in ONE statement, so a group commit costs one round trip (docs/architecture.md
 * "The audit contract") instead of BEGIN, lock + head, INSERT and COMMIT.
 *
 * - The advisory lock is transaction-scoped (Postgres docs §13.3.5): called as a lone statement
 *   it is held until that statement's implicit transaction commits; called inside a transaction
 *   (admin changes) until that one commits. Either way the next appender reads this head.
 * - The head is read by a statement issued after the lock is granted: in a VOLATILE PL/pgSQL
 *   function every statement takes a fresh snapshot under READ COMMITTED (docs §43.11.1,
 *   §13.2.1), so it sees the rows the previous lock holder committed.
 * - `row_hash` = SHA-256 of `[<prev_hash as JSON>,<content>]`, where `tails[i]` is the RFC 8785
 *   canonical JSON of the row's content columns without the leading `[` (computed by the app,
 *   audit-row.ts). This is byte for byte the formula the app always used, so rows written before
 *   this function existed still verify.
 * - A row flagged in `retried` (an outcome row written again after a failed attempt) is skipped
 *   when a row with its correlation id and event is already stored: a failure reported after the
 *   COMMIT (a connection lost before the acknowledgement) must not leave the row twice. Skipped
 *   rows take no link, so the chain stays unbroken; the check runs under the lock, for retries
 *   only, so first attempts cost no lookup.
 * - SECURITY INVOKER (the default): the app role still only INSERTs, under its own grants.
 */
export class CreateAuditAppendFunction1795616400000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(CREATE_COLUMN_ARRAYS_AUDIT_APPEND);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DROP_COLUMN_ARRAYS_AUDIT_APPEND);
  }
}
