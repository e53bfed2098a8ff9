import { AuditChainWalker, type BrokenLinkReason } from '../audit-chain.walker.js';
import { checkpointSignatureValid, type SignedAuditCheckpoint } from './audit-checkpoint.js';
import { readArchiveFile, readCheckpointFile, sha256OfFile } from './audit-archive-file.js';

export type ArchiveProblem =
  | BrokenLinkReason
  /** The checkpoint's signature does not match its claims. */
  | 'checkpoint_signature_mismatch'
  /** The file's bytes are not those the checkpoint names. */
  | 'file_sha256_mismatch'
  /** The rows do not end where the checkpoint says (count, last id or last hash). */
  | 'checkpoint_mismatch';

export interface ArchiveReport {
  readonly ok: boolean;
  readonly checkpoint: SignedAuditCheckpoint;
  readonly checkedRows: number;
  readonly problem?: ArchiveProblem;
  /** The row where the chain broke, for a broken link. */
  readonly rowId?: string;
}

/**
 * Verifies an archive file on its own, without the database (docs/data-lifecycle.md
 * "Verification"): the checkpoint's signature, the file's SHA-256, then the chain of its rows
 * from the checkpoint's `firstPrevHash` to its `lastHash`. The checkpoint carries its public
 * key: compare it with the key the operator keeps to know who signed.
 */
export async function verifyArchiveFile(file: string): Promise<ArchiveReport> {
  const checkpoint = await readCheckpointFile(file);
  const report = (problem?: ArchiveProblem, checkedRows = 0, rowId?: string): ArchiveReport => ({
    ok: problem === undefined,
    checkpoint,
    checkedRows,
    ...(problem === undefined ? {} : { problem }),
    ...(rowId === undefined ? {} : { rowId }),
  });
  if (!checkpointSignatureValid(checkpoint)) return report('checkpoint_signature_mismatch');
  if ((await sha256OfFile(file)) !== checkpoint.fileSha256) return report('file_sha256_mismatch');
  const walker = new AuditChainWalker(checkpoint.firstPrevHash ?? undefined);
  let lastId: string | undefined;
  for await (const row of readArchiveFile(file)) {
    const broken = walker.check(row);
    if (broken !== undefined) return report(broken, walker.checkedRows, row.id);
    lastId = row.id;
  }
  const rows = walker.checkedRows + walker.unchainedRows;
  const ends =
    rows === checkpoint.rowCount &&
    lastId === checkpoint.lastId &&
    walker.head === checkpoint.lastHash;
  return report(ends ? undefined : 'checkpoint_mismatch', walker.checkedRows);
}
