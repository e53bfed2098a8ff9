import type { DataSource } from 'typeorm';

import type { SignedAuditCheckpoint } from './audit-checkpoint.js';

interface CheckpointRow {
  partition: string;
  first_id: string;
  last_id: string;
  row_count: number;
  first_prev_hash: string | null;
  last_hash: string;
  file_sha256: string;
  public_key: string;
  signature: string;
  archived_rows: string;
}

/**
 * The checkpoint of the newest archived partition, where the chain in `audit_log` continues,
 * with the count of all rows archived; `undefined` before the first archive. Read through the
 * DataSource: `npm run audit:verify` opens the database without the app's entities.
 */
export async function newestCheckpoint(
  dataSource: DataSource,
): Promise<(SignedAuditCheckpoint & { readonly archivedRows: number }) | undefined> {
  const [row] = await dataSource.query<CheckpointRow[]>(
    `SELECT c.*, (SELECT sum(row_count) FROM audit_checkpoints)::text AS archived_rows
     FROM audit_checkpoints c ORDER BY c.last_id DESC LIMIT 1`,
  );
  if (row === undefined) return undefined;
  return {
    partition: row.partition,
    firstId: row.first_id,
    lastId: row.last_id,
    rowCount: row.row_count,
    firstPrevHash: row.first_prev_hash,
    lastHash: row.last_hash,
    fileSha256: row.file_sha256,
    publicKey: row.public_key,
    signature: row.signature,
    archivedRows: Number(row.archived_rows),
  };
}
