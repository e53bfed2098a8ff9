import type { KeyObject } from 'node:crypto';
import { mkdir } from 'node:fs/promises';

import type { DataSource } from 'typeorm';

import { AuditChainWalker } from '../audit-chain.walker.js';
import { AUDIT_SELECT, type AuditDbRow, storedAuditRow } from '../audit-row.columns.js';
import type { StoredAuditRow } from '../audit-row.columns.js';
import { signCheckpoint } from './audit-checkpoint.js';
import { archiveFileOf, writeArchiveFile, writeCheckpointFile } from './audit-archive-file.js';
import { newestCheckpoint } from './audit-checkpoints.query.js';

export interface ArchiveOptions {
  readonly dir: string;
  /** Whole months kept besides the current one. */
  readonly retentionMonths: number;
  readonly privateKey: KeyObject;
  readonly now?: Date;
}

export interface ArchivedPartition {
  readonly partition: string;
  readonly rows: number;
  /** `undefined` for an empty partition, dropped without a file. */
  readonly file: string | undefined;
}

const MONTHLY = /^audit_log_p(\d{4})(\d{2})$/;
const PAGE_SIZE = 1000;

/**
 * Archives the monthly `audit_log` partitions older than the retention, oldest first
 * (docs/data-lifecycle.md "Archive"): writes the rows to `<dir>/<partition>.jsonl.gz`, checks
 * their chain from the previous checkpoint while writing, signs a checkpoint, then in one
 * transaction records it in `audit_checkpoints` and detaches and drops the partition. Needs
 * the owner role (only the owner may drop a partition). Stops with an error, dropping nothing
 * more, when a partition's chain is broken or its rows interleave with a newer partition's.
 */
export async function archiveExpiredPartitions(
  dataSource: DataSource,
  options: ArchiveOptions,
): Promise<ArchivedPartition[]> {
  await mkdir(options.dir, { recursive: true, mode: 0o750 });
  const archived: ArchivedPartition[] = [];
  for (const partition of await expiredPartitions(dataSource, options)) {
    archived.push(await archivePartition(dataSource, partition, options));
  }
  return archived;
}

async function expiredPartitions(
  dataSource: DataSource,
  options: ArchiveOptions,
): Promise<string[]> {
  const now = options.now ?? new Date();
  const cutoff = now.getUTCFullYear() * 12 + now.getUTCMonth() - options.retentionMonths;
  const rows = await dataSource.query<{ name: string }[]>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'audit_log'::regclass ORDER BY c.relname`,
  );
  return rows
    .map((row) => row.name)
    .filter((name) => {
      const month = MONTHLY.exec(name);
      return month !== null && Number(month[1]) * 12 + Number(month[2]) - 1 < cutoff;
    });
}

async function archivePartition(
  dataSource: DataSource,
  partition: string,
  options: ArchiveOptions,
): Promise<ArchivedPartition> {
  const [bounds] = await dataSource.query<
    { first: string | null; last: string | null; n: number }[]
  >(`SELECT min(id)::text AS first, max(id)::text AS last, count(*)::int AS n FROM ${partition}`);
  if (bounds === undefined || bounds.first === null || bounds.last === null) {
    await dropPartition(dataSource, partition, undefined);
    return { partition, rows: 0, file: undefined };
  }
  const [older] = await dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM audit_log
     WHERE id < $1 AND tableoid <> '${partition}'::regclass`,
    [bounds.last],
  );
  if (older?.n !== 0) {
    throw new Error(`${partition}: rows of other partitions precede its last row; not archived`);
  }
  const anchor = await newestCheckpoint(dataSource);
  const walker = new AuditChainWalker(anchor?.lastHash);
  let firstPrevHash: string | null | undefined;
  const checked = async function* (): AsyncGenerator<StoredAuditRow> {
    for await (const row of rowsOf(dataSource, partition)) {
      const broken = walker.check(row);
      if (broken !== undefined) {
        throw new Error(`${partition}: chain broken at row ${row.id} (${broken}); not archived`);
      }
      if (firstPrevHash === undefined) firstPrevHash = row.prevHash;
      yield row;
    }
  };
  const file = archiveFileOf(options.dir, partition);
  const fileSha256 = await writeArchiveFile(file, checked());
  if (walker.head === null) throw new Error(`${partition}: no chained row; not archived`);
  const checkpoint = signCheckpoint(
    {
      partition,
      firstId: bounds.first,
      lastId: bounds.last,
      rowCount: bounds.n,
      firstPrevHash: firstPrevHash ?? null,
      lastHash: walker.head,
      fileSha256,
    },
    options.privateKey,
  );
  await writeCheckpointFile(file, checkpoint);
  await dropPartition(dataSource, partition, async (query) => {
    await query(
      `INSERT INTO audit_checkpoints (partition, first_id, last_id, row_count, first_prev_hash,
         last_hash, file_sha256, public_key, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        partition,
        checkpoint.firstId,
        checkpoint.lastId,
        checkpoint.rowCount,
        checkpoint.firstPrevHash,
        checkpoint.lastHash,
        checkpoint.fileSha256,
        checkpoint.publicKey,
        checkpoint.signature,
      ],
    );
  });
  return { partition, rows: bounds.n, file };
}

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/** Detaches and drops `partition` in one transaction, after `before` (the checkpoint row). */
async function dropPartition(
  dataSource: DataSource,
  partition: string,
  before: ((query: Query) => Promise<void>) | undefined,
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const query: Query = (sql, parameters) => manager.query(sql, parameters);
    await before?.(query);
    await query(`ALTER TABLE audit_log DETACH PARTITION ${partition}`);
    await query(`DROP TABLE ${partition}`);
  });
}

async function* rowsOf(dataSource: DataSource, partition: string): AsyncGenerator<StoredAuditRow> {
  let after = '0';
  for (;;) {
    const rows = await dataSource.query<AuditDbRow[]>(
      `SELECT ${AUDIT_SELECT} FROM ${partition} WHERE id > $1 ORDER BY id LIMIT $2`,
      [after, PAGE_SIZE],
    );
    for (const row of rows) yield storedAuditRow(row);
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < PAGE_SIZE) return;
    after = last.id;
  }
}
