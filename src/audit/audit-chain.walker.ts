import { auditRowHash } from './audit-row.js';
import type { StoredAuditRow } from './audit-row.columns.js';

export type BrokenLinkReason =
  /** The row's content does not match its own hash: it was changed. */
  | 'row_hash_mismatch'
  /** The row does not point at its predecessor's hash: a row was removed or inserted before it. */
  | 'prev_hash_mismatch'
  /** A row without a hash after the chain started: written around the app. */
  | 'missing_hash';

/**
 * Checks rows one by one in `id` order, wherever they come from (the table, an archive file).
 * `anchor`: the hash the first row must point at, from a checkpoint of archived rows
 * (docs/data-lifecycle.md); without one, rows older than the chain (no hash) may come first.
 */
export class AuditChainWalker {
  checkedRows = 0;
  unchainedRows = 0;
  /** Hash of the last row checked. */
  head: string | null;
  private started: boolean;

  constructor(anchor?: string) {
    this.head = anchor ?? null;
    this.started = anchor !== undefined;
  }

  /** `undefined` when `row` extends the chain, else why it does not. */
  check(row: StoredAuditRow): BrokenLinkReason | undefined {
    if (row.rowHash === null) {
      if (this.started) return 'missing_hash';
      this.unchainedRows++;
      return undefined;
    }
    this.started = true;
    if (row.prevHash !== this.head) return 'prev_hash_mismatch';
    if (auditRowHash(row.prevHash, row) !== row.rowHash) return 'row_hash_mismatch';
    this.head = row.rowHash;
    this.checkedRows++;
    return undefined;
  }
}
