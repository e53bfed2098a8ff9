import type { DataSource } from 'typeorm';

import { checkpointSignatureValid } from './archive/audit-checkpoint.js';
import { newestCheckpoint } from './archive/audit-checkpoints.query.js';
import { AuditChainWalker, type BrokenLinkReason } from './audit-chain.walker.js';
import { AUDIT_SELECT, type AuditDbRow, storedAuditRow } from './audit-row.columns.js';

export type { BrokenLinkReason } from './audit-chain.walker.js';

export interface AuditChainReport {
  readonly ok: boolean;
  /** Rows whose links were checked. */
  readonly checkedRows: number;
  /** Rows written before the chain existed (migration ChainAuditLog), not covered by it. */
  readonly unchainedRows: number;
  /**
   * Rows archived and dropped (docs/data-lifecycle.md "Archive"): the chain is checked from
   * the newest signed checkpoint on; each archive file verifies on its own.
   */
  readonly archivedRows: number;
  /** Hash of the last row checked: record it elsewhere to detect removal of the newest rows. */
  readonly headHash: string | null;
  readonly firstBroken?: {
    readonly id: string;
    readonly reason: BrokenLinkReason | 'checkpoint_signature_mismatch';
  };
}

const PAGE_SQL = `SELECT ${AUDIT_SELECT} FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`;
const PAGE_SIZE = 1000;

/**
 * Walks the chain in `id` order, a page at a time (memory stays flat), recomputing every
 * row's hash, and stops at the first broken link. After an archive the walk starts at the
 * newest checkpoint: its signature must hold and the first remaining row must point at its
 * last hash. Removal of the newest rows leaves a valid, shorter chain: compare `headHash` with
 * one recorded earlier to detect it. Pages are read through the DataSource, not an entity:
 * `npm run audit:verify` opens the database without the app's entities.
 */
export async function verifyAuditChain(dataSource: DataSource): Promise<AuditChainReport> {
  const checkpoint = await newestCheckpoint(dataSource);
  const archivedRows = checkpoint?.archivedRows ?? 0;
  const walker = new AuditChainWalker(checkpoint?.lastHash);
  const report = (firstBroken?: AuditChainReport['firstBroken']): AuditChainReport => ({
    ok: firstBroken === undefined,
    checkedRows: walker.checkedRows,
    unchainedRows: walker.unchainedRows,
    archivedRows,
    headHash: walker.head,
    ...(firstBroken === undefined ? {} : { firstBroken }),
  });
  if (checkpoint !== undefined && !checkpointSignatureValid(checkpoint)) {
    return report({ id: checkpoint.lastId, reason: 'checkpoint_signature_mismatch' });
  }
  let after = checkpoint?.lastId ?? '0';
  for (;;) {
    const rows = await dataSource.query<AuditDbRow[]>(PAGE_SQL, [after, PAGE_SIZE]);
    for (const dbRow of rows) {
      const reason = walker.check(storedAuditRow(dbRow));
      if (reason !== undefined) return report({ id: dbRow.id, reason });
    }
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < PAGE_SIZE) break;
    after = last.id;
  }
  return report();
}
