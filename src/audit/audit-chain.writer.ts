import type { ClientBase } from 'pg';
import type { EntityManager } from 'typeorm';

import { preparedStatement } from '../persistence/pg-pool.js';
import { toArrayLiteral } from '../persistence/postgres-text.js';
import {
  AUDIT_JSON_POSITIONS,
  type AuditRow,
  auditHashTail,
  auditRowContent,
} from './audit-row.js';

/**
 * One statement per batch (migration CreateAuditAppendFunction): `audit_append` takes the chain
 * lock, reads the head, hashes and inserts. The rows travel as one array per column (`unnest`
 * turns them back into rows), so the text is fixed whatever the batch size; each array is sent as
 * its literal (`toArrayLiteral`). Roles travel as JSON arrays because `unnest` flattens a 2-D
 * array.
 */
const APPEND_SQL = `SELECT audit_append($1::text[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[],
  $6::text[], $7::text[], $8::jsonb[], $9::text[], $10::text[], $11::text[], $12::text[],
  $13::text[], $14::text[], $15::text[], $16::jsonb[], $17::text[], $18::integer[], $19::text[],
  $20::text[], $21::text[], $22::jsonb[], $23::jsonb[], $24::boolean[]) AS inserted`;

/**
 * The group commit's form of {@link APPEND_SQL}: prepared once per connection, and raw rather
 * than through TypeORM, as it sustains 23k audited calls/s (README "Performance").
 */
const APPEND = preparedStatement('audit.append', APPEND_SQL);

/** The hash tails, then the 22 content columns (auditRowContent order). */
const COLUMN_COUNT = 23;

type Element = string | number | boolean | null;

const jsonOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/**
 * Appends `rows` to the hash chain in one round trip, as its own transaction: durable when it
 * resolves (the group commit, postgres-audit-log). Concurrent appends on any number of
 * instances extend one chain and never fork it. `retried[i]` marks a row written again after a
 * failed attempt: it is skipped if that attempt did commit (see the migration). Resolves with
 * the number of rows inserted.
 */
export async function appendToAuditChain(
  client: ClientBase,
  rows: readonly AuditRow[],
  retried: readonly boolean[] = [],
): Promise<number> {
  if (rows.length === 0) return 0;
  const { rows: result } = await client.query<{ inserted: number }>(
    APPEND(appendParameters(rows, retried)),
  );
  return result[0]?.inserted ?? 0;
}

/**
 * Appends `rows` inside the transaction of `manager` (admin changes, recorded definitions): the
 * rows commit, and the chain lock is held, with that transaction. Admin-rate work, so a plain
 * statement on the transaction's query runner rather than the prepared one.
 */
export async function appendToAuditChainIn(
  manager: EntityManager,
  rows: readonly AuditRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(APPEND_SQL, appendParameters(rows, []));
}

/** The 24 array literals of {@link APPEND_SQL}. */
function appendParameters(rows: readonly AuditRow[], retried: readonly boolean[]): string[] {
  const columns: Element[][] = Array.from({ length: COLUMN_COUNT }, () => []);
  for (const row of rows) {
    const values = auditRowContent(row);
    (columns[0] as Element[]).push(auditHashTail(values));
    for (const position of AUDIT_JSON_POSITIONS) values[position] = jsonOrNull(values[position]);
    // The remaining columns are text, numbers or null (AuditRow): array elements as they are.
    for (let i = 0; i < values.length; i++)
      (columns[i + 1] as Element[]).push(values[i] as Element);
  }
  const parameters = columns.map(toArrayLiteral);
  parameters.push(toArrayLiteral(rows.map((_row, i) => retried[i] === true)));
  return parameters;
}
