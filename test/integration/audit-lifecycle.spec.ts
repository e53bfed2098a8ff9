import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';

import {
  checkpointFileOf,
  readCheckpointFile,
  sha256OfFile,
} from '../../src/audit/archive/audit-archive-file.js';
import { verifyArchiveFile } from '../../src/audit/archive/audit-archive.verifier.js';
import { archiveExpiredPartitions } from '../../src/audit/archive/audit-archiver.js';
import { verifyAuditChain } from '../../src/audit/audit-chain.verifier.js';
import { appendToAuditChain } from '../../src/audit/audit-chain.writer.js';
import { addAuditPartitionsAhead } from '../../src/audit/audit-partitions.js';
import { type AuditRow, auditRowHash, EMPTY_AUDIT_COLUMNS } from '../../src/audit/audit-row.js';
import { withClient } from '../../src/persistence/pg-client.js';
import { pgPoolOf } from '../../src/persistence/pg-pool.js';
import { withRetentionLock } from '../../src/retention/retention-lock.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

/** Fourteen months of rows: this one and the thirteen before it. */
const MONTHS = 14;
const ROWS_PER_MONTH = 300;
const RETENTION_MONTHS = 6;
/** Months older than this month minus the retention: 13 … 7 months ago. */
const ARCHIVED_MONTHS = MONTHS - 1 - RETENTION_MONTHS;

const monthStart = (monthsAgo: number): Date => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1));
};

/**
 * Appends a synthetic year of tool-call rows with their chain hashes, as `audit_append` would
 * have, but with `chained_at` spread over the past months (one INSERT per month). Rows of the
 * current month are dated in its first hour, so they never lie in the future.
 */
async function seedYear(db: DataSource): Promise<number> {
  await db.query(`SELECT audit_log_add_partitions($1, $2)`, [
    monthStart(MONTHS - 1)
      .toISOString()
      .slice(0, 10),
    MONTHS,
  ]);
  let head: string | null = null;
  for (let monthsAgo = MONTHS - 1; monthsAgo >= 0; monthsAgo--) {
    const start = monthStart(monthsAgo).getTime();
    const span = monthsAgo === 0 ? 3_600_000 : 27 * 86_400_000;
    const rows = Array.from({ length: ROWS_PER_MONTH }, (_, i) => {
      const at = new Date(start + Math.floor((span * i) / ROWS_PER_MONTH)).toISOString();
      const row: AuditRow = {
        ...EMPTY_AUDIT_COLUMNS,
        correlationId: randomUUID(),
        event: 'tool_call.started',
        occurredAt: at,
        subject: `user-${i % 17}`,
        roles: ['analyst'],
        transport: 'streamable-http',
        toolName: 'search_docs',
        toolVersion: '1.0.0',
      };
      const prevHash: string | null = head;
      head = auditRowHash(prevHash, row);
      return { ...row, prevHash, rowHash: head, chainedAt: at };
    });
    await db.query(
      `INSERT INTO audit_log (correlation_id, event, occurred_at, subject, roles, transport,
         tool_name, tool_version, prev_hash, row_hash, chained_at)
       SELECT r."correlationId", r.event, r."occurredAt", r.subject,
         ARRAY(SELECT jsonb_array_elements_text(r.roles)), r.transport, r."toolName",
         r."toolVersion", r."prevHash", r."rowHash", r."chainedAt"
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, ord),
         jsonb_to_record(e.value) AS r("correlationId" uuid, event text, "occurredAt" timestamptz,
           subject text, roles jsonb, transport text, "toolName" text, "toolVersion" text,
           "prevHash" text, "rowHash" text, "chainedAt" timestamptz)
       ORDER BY e.ord`,
      [JSON.stringify(rows)],
    );
  }
  return MONTHS * ROWS_PER_MONTH;
}

describeEachDatabase('a year of audit: archive, prune, verify', (tier) => {
  const database = useTestDatabase(tier);
  const privateKey = generateKeyPairSync('ed25519').privateKey;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-audit-archive-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should archive the months past the retention, drop them and still verify', async () => {
    const db = database().dataSource;
    const total = await seedYear(db);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checkedRows: total });

    const archived = await archiveExpiredPartitions(db, {
      dir,
      retentionMonths: RETENTION_MONTHS,
      privateKey,
    });
    expect(archived.map((part) => part.rows)).toEqual(
      Array.from({ length: ARCHIVED_MONTHS }, () => ROWS_PER_MONTH),
    );
    const archivedRows = ARCHIVED_MONTHS * ROWS_PER_MONTH;
    const [left] = await db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM audit_log');
    expect(left?.n).toBe(total - archivedRows);
    for (const { partition } of archived) {
      const [gone] = await db.query<{ name: string | null }[]>(
        'SELECT to_regclass($1)::text AS name',
        [partition],
      );
      expect(gone?.name).toBeNull();
    }

    // The remaining chain starts at the newest checkpoint and verifies.
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: true,
      archivedRows,
      checkedRows: total - archivedRows,
    });
    // Each file verifies on its own, and each starts where the one before it ended.
    let previousLastHash: string | null = null;
    for (const { file } of archived) {
      const report = await verifyArchiveFile(file as string);
      expect(report).toMatchObject({ ok: true, checkedRows: ROWS_PER_MONTH });
      expect(report.checkpoint.firstPrevHash).toBe(previousLastHash);
      previousLastHash = report.checkpoint.lastHash;
    }

    // Nothing more to archive; the chain goes on from its head.
    expect(
      await archiveExpiredPartitions(db, { dir, retentionMonths: RETENTION_MONTHS, privateKey }),
    ).toEqual([]);
    const next: AuditRow = {
      ...EMPTY_AUDIT_COLUMNS,
      correlationId: randomUUID(),
      event: 'tool_call.finished',
      occurredAt: new Date().toISOString(),
      outcome: 'success',
      durationMs: 3,
    };
    await withClient(pgPoolOf(db), (client) => appendToAuditChain(client, [next]));
    expect(await verifyAuditChain(db)).toMatchObject({
      ok: true,
      checkedRows: total - archivedRows + 1,
    });
    // The retention round keeps the coming months' partitions ready (the seed made them).
    expect(await withRetentionLock(db, addAuditPartitionsAhead)).toBe(0);
  });

  it('should refuse an archive file changed after it was signed', async () => {
    const [first] = await archiveFilesIn(dir);
    const file = first as string;
    const lines = gunzipSync(await readFile(file))
      .toString('utf8')
      .split('\n');
    lines[5] = (lines[5] as string).replace('"user-', '"mallory-');
    const forged = join(dir, 'forged.jsonl.gz');
    await writeFile(forged, gzipSync(lines.join('\n')));
    const checkpoint = await readCheckpointFile(file);
    await writeFile(checkpointFileOf(forged), JSON.stringify(checkpoint));
    expect(await verifyArchiveFile(forged)).toMatchObject({
      ok: false,
      problem: 'file_sha256_mismatch',
    });
    // A checkpoint that names the forged file's digest no longer matches its signature.
    const resigned = { ...checkpoint, fileSha256: await sha256OfFile(forged) };
    await writeFile(checkpointFileOf(forged), JSON.stringify(resigned));
    expect(await verifyArchiveFile(forged)).toMatchObject({
      ok: false,
      problem: 'checkpoint_signature_mismatch',
    });
  });
});

/** The archive files in `dir`, oldest first. */
async function archiveFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((name) => /^audit_log_p\d{6}\.jsonl\.gz$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}
