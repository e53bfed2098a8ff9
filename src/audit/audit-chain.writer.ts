import type { ClientBase, QueryResult } from 'pg';

import { AUDIT_JSON_POSITIONS, type AuditRow, auditRowContent, auditRowHash } from './audit-row.js';

/**
 * Transaction-scoped advisory lock serializing every append to the chain of this schema
 * (Postgres docs §13.3.5): held until COMMIT, so the next writer, on any instance, reads the head
 * this transaction wrote. The class key is arbitrary; the schema hash keeps deployments sharing
 * a database through `DB_SCHEMA` from waiting on each other.
 */
/**
 * Lock, then read the head, in one round trip. Two statements, not one: under READ COMMITTED
 * each statement takes its snapshot when it starts, so only a read issued after the lock is
 * granted sees the rows the previous holder committed.
 */
const LOCK_THEN_HEAD_SQL = `SELECT pg_advisory_xact_lock(72614341, hashtext(current_schema()));
SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1`;

/**
 * The rows arrive as one array per column and `unnest` turns them back into rows, so the text is
 * fixed and any batch is a single statement. Roles travel as JSON arrays because `unnest`
 * flattens a 2-D array; WITH ORDINALITY keeps the identity (chain) order equal to the array order.
 */
const INSERT_SQL = `
INSERT INTO audit_log (correlation_id, event, occurred_at, subject, client_id, tenant, roles,
  transport, session_id, request_id, tool_name, tool_version, definition_sha256, arguments_sha256,
  arguments_redacted, outcome, duration_ms, detail, action, target, change_before, change_after,
  prev_hash, row_hash)
SELECT r.correlation_id, r.event, r.occurred_at, r.subject, r.client_id, r.tenant,
  CASE WHEN r.roles IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(r.roles)) END,
  r.transport, r.session_id, r.request_id, r.tool_name, r.tool_version, r.definition_sha256,
  r.arguments_sha256, r.arguments_redacted, r.outcome, r.duration_ms, r.detail, r.action,
  r.target, r.change_before, r.change_after, r.prev_hash, r.row_hash
FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
  $7::jsonb[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
  $14::text[], $15::jsonb[], $16::text[], $17::integer[], $18::text[], $19::text[], $20::text[],
  $21::jsonb[], $22::jsonb[], $23::text[], $24::text[])
  WITH ORDINALITY AS r(correlation_id, event, occurred_at, subject, client_id, tenant, roles,
    transport, session_id, request_id, tool_name, tool_version, definition_sha256,
    arguments_sha256, arguments_redacted, outcome, duration_ms, detail, action, target,
    change_before, change_after, prev_hash, row_hash, ord)
ORDER BY r.ord`;

const COLUMN_COUNT = 24;

const jsonOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/**
 * Appends `rows` to the hash chain. Must run inside a transaction on `client`: it takes the
 * append lock, reads the chain head and inserts the rows linked to it, so concurrent batches on
 * any number of instances extend one chain and never fork it.
 */
export async function appendToAuditChain(
  client: ClientBase,
  rows: readonly AuditRow[],
): Promise<void> {
  if (rows.length === 0) return;
  // A multi-statement simple query resolves to one result per statement.
  const results = (await client.query(LOCK_THEN_HEAD_SQL)) as unknown as QueryResult<{
    row_hash: string | null;
  }>[];
  let prevHash = results[1]?.rows[0]?.row_hash ?? null;
  const columns: unknown[][] = Array.from({ length: COLUMN_COUNT }, () => []);
  for (const row of rows) {
    const rowHash = auditRowHash(prevHash, row);
    const values = auditRowContent(row);
    for (const position of AUDIT_JSON_POSITIONS) values[position] = jsonOrNull(values[position]);
    values.push(prevHash, rowHash);
    for (let i = 0; i < COLUMN_COUNT; i++) (columns[i] as unknown[]).push(values[i]);
    prevHash = rowHash;
  }
  await client.query(INSERT_SQL, columns);
}
