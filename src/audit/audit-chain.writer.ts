import type { ClientBase } from 'pg';
import type { EntityManager } from 'typeorm';

import { preparedStatement } from '../persistence/pg-pool.js';
import { toArrayLiteral } from '../persistence/postgres-text.js';
import { type AuditRow, auditHashTail, auditRowContent } from './audit-row.js';

/**
 * One statement per batch (migrations CreateAuditAppendFunction, AuditAppendFromTails):
 * `audit_append` takes the chain lock, reads the head, hashes and inserts. Each row travels once,
 * as the canonical JSON its hash covers (auditHashTail), one row per line; Postgres reads the
 * columns back from that text, so the statement is fixed whatever the batch size and the app
 * builds one string per row, not two dozen arrays.
 */
const APPEND_SQL = `SELECT audit_append($1::text, $2::boolean[]) AS inserted`;

/**
 * The group commit's form of {@link APPEND_SQL}: prepared once per connection, and raw rather
 * than through TypeORM, as it sustains 23k audited calls/s (README "Performance").
 */
const APPEND = preparedStatement('audit.append', APPEND_SQL);

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

/** The rows' hash tails, one per line, and the literal of their retried flags. */
function appendParameters(rows: readonly AuditRow[], retried: readonly boolean[]): string[] {
  let tails = '';
  const flags: boolean[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) tails += '\n';
    tails += auditHashTail(auditRowContent(rows[i] as AuditRow));
    flags.push(retried[i] === true);
  }
  return [tails, toArrayLiteral(flags)];
}
