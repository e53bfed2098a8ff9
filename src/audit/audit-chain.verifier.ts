import type { DataSource } from 'typeorm';

import { auditRowHash } from './audit-row.js';
import { AUDIT_SELECT, type AuditDbRow, storedAuditRow } from './audit-row.columns.js';

export type BrokenLinkReason =
  /** The row's content does not match its own hash: it was changed. */
  | 'row_hash_mismatch'
  /** The row does not point at its predecessor's hash: a row was removed or inserted before it. */
  | 'prev_hash_mismatch'
  /** A row without a hash after the chain started: written around the app. */
  | 'missing_hash';

export interface AuditChainReport {
  readonly ok: boolean;
  /** Rows whose links were checked. */
  readonly checkedRows: number;
  /** Rows written before the chain existed (migration ChainAuditLog), not covered by it. */
  readonly unchainedRows: number;
  /** Hash of the last row checked: record it elsewhere to detect removal of the newest rows. */
  readonly headHash: string | null;
  readonly firstBroken?: {
    readonly id: string;
    readonly reason: BrokenLinkReason;
  };
}

const PAGE_SQL = `SELECT ${AUDIT_SELECT} FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`;
const PAGE_SIZE = 1000;

/**
 * Walks the whole chain in `id` order, a page at a time (memory stays flat), recomputing every
 * row's hash, and stops at the first broken link. Removal of the newest rows leaves a valid,
 * shorter chain: compare `headHash` with one recorded earlier to detect it. Pages are read
 * through the DataSource, not an entity: `npm run audit:verify` opens the database without the
 * app's entities.
 */
export async function verifyAuditChain(dataSource: DataSource): Promise<AuditChainReport> {
  let after = '0';
  let checkedRows = 0;
  let unchainedRows = 0;
  let prevHash: string | null = null;
  let chainStarted = false;
  for (;;) {
    const rows = await dataSource.query<AuditDbRow[]>(PAGE_SQL, [after, PAGE_SIZE]);
    for (const dbRow of rows) {
      const row = storedAuditRow(dbRow);
      const broken = (reason: BrokenLinkReason): AuditChainReport => ({
        ok: false,
        checkedRows,
        unchainedRows,
        headHash: prevHash,
        firstBroken: { id: row.id, reason },
      });
      if (row.rowHash === null) {
        if (chainStarted) return broken('missing_hash');
        unchainedRows++;
        continue;
      }
      chainStarted = true;
      if (row.prevHash !== prevHash) return broken('prev_hash_mismatch');
      if (auditRowHash(row.prevHash, row) !== row.rowHash) return broken('row_hash_mismatch');
      prevHash = row.rowHash;
      checkedRows++;
    }
    if (rows.length < PAGE_SIZE) break;
    after = (rows[rows.length - 1] as AuditDbRow).id;
  }
  return { ok: true, checkedRows, unchainedRows, headHash: prevHash };
}
