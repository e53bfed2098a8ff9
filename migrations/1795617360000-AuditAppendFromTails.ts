import type { MigrationInterface, QueryRunner } from 'typeorm';

import {
  CREATE_COLUMN_ARRAYS_AUDIT_APPEND,
  DROP_COLUMN_ARRAYS_AUDIT_APPEND,
} from './1795616400000-CreateAuditAppendFunction.js';

/**
 * `audit_append(tails, retried)`: the group commit sends each row once, as the text it hashes,
 * instead of that text and then every column again as 22 more arrays (docs/architecture.md
 * "The audit contract"). The lock, the head, the hash formula and the skipping of retried rows
 * already stored are those of CreateAuditAppendFunction; what changed is where the columns
 * come from:
 *
 * - `tails` holds one line per row, the RFC 8785 canonical JSON of its content columns without
 *   the leading `[` (audit-row.ts). Canonical JSON has no raw line feed (JSON escapes control
 *   characters in strings, RFC 8785 §3.2.2.2), so a line feed separates rows.
 * - Each row's columns are read from that same text parsed as `jsonb`, once per row: what is
 *   stored is what was hashed, by construction. JSON `null` becomes SQL NULL, roles a `text[]`.
 * - `retried` as before: one flag per row, `true` for an outcome row written again.
 */
export class AuditAppendFromTails1795617360000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DROP_COLUMN_ARRAYS_AUDIT_APPEND);
    await queryRunner.query(`
      CREATE FUNCTION audit_append(tails text, retried boolean[])
      RETURNS integer LANGUAGE plpgsql VOLATILE AS $append$
      DECLARE
        head text;
        inserted integer;
        row_tails text[] := string_to_array(tails, E'\\n');
        contents jsonb[] := ARRAY[]::jsonb[];
        prev_hashes text[] := ARRAY[]::text[];
        row_hashes text[] := ARRAY[]::text[];
        content jsonb;
      BEGIN
        PERFORM pg_advisory_xact_lock(72614341, hashtext(current_schema()));
        SELECT a.row_hash INTO head FROM audit_log a ORDER BY a.id DESC LIMIT 1;
        FOR i IN 1 .. coalesce(array_length(row_tails, 1), 0) LOOP
          content := ('[' || row_tails[i])::jsonb;
          -- Nested, not AND: SQL does not promise to skip the lookup for first attempts.
          IF retried[i] THEN
            IF EXISTS (SELECT 1 FROM audit_log a
                WHERE a.correlation_id = (content->>0)::uuid AND a.event = content->>1) THEN
              -- Written by an attempt whose acknowledgement was lost: not again.
              CONTINUE;
            END IF;
          END IF;
          contents := array_append(contents, content);
          prev_hashes := array_append(prev_hashes, head);
          head := encode(sha256(convert_to(
            '[' || coalesce('"' || head || '"', 'null') || ',' || row_tails[i], 'UTF8')), 'hex');
          row_hashes := array_append(row_hashes, head);
        END LOOP;
        INSERT INTO audit_log (correlation_id, event, occurred_at, subject, client_id, tenant,
          roles, transport, session_id, request_id, tool_name, tool_version, definition_sha256,
          arguments_sha256, arguments_redacted, outcome, duration_ms, detail, action, target,
          change_before, change_after, prev_hash, row_hash)
        SELECT (r.c->>0)::uuid, r.c->>1, (r.c->>2)::timestamptz, r.c->>3, r.c->>4, r.c->>5,
          CASE WHEN jsonb_typeof(r.c->6) = 'array'
            THEN ARRAY(SELECT jsonb_array_elements_text(r.c->6)) END,
          r.c->>7, r.c->>8, r.c->>9, r.c->>10, r.c->>11, r.c->>12, r.c->>13,
          nullif(r.c->14, 'null'::jsonb), r.c->>15, (r.c->>16)::integer, r.c->>17, r.c->>18,
          r.c->>19, nullif(r.c->20, 'null'::jsonb), nullif(r.c->21, 'null'::jsonb),
          r.prev_hash, r.row_hash
        FROM unnest(contents, prev_hashes, row_hashes) WITH ORDINALITY
          AS r(c, prev_hash, row_hash, ord)
        ORDER BY r.ord;
        GET DIAGNOSTICS inserted = ROW_COUNT;
        RETURN inserted;
      END
      $append$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION audit_append(text, boolean[])`);
    await queryRunner.query(CREATE_COLUMN_ARRAYS_AUDIT_APPEND);
  }
}
