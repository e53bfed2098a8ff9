import { parseArgs } from 'node:util';

import { verifyArchiveFile } from '../audit/archive/audit-archive.verifier.js';
import { verifyAuditChain } from '../audit/audit-chain.verifier.js';
import { loadConfigFromEnvironment } from '../config/load-environment.js';
import { openDatabase } from '../persistence/open-database.js';

/**
 * `npm run audit:verify`: recomputes the hash chain of `audit_log` (from the newest archive
 * checkpoint on) and reports the first broken link. `-- --archive FILE...` verifies archive
 * files on their own instead, without the database (docs/data-lifecycle.md "Verification").
 * Exit status 0 when intact, 2 when broken, 1 when it could not be checked. With the embedded
 * database, stop the server first (PGlite has one owner process).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { archive: { type: 'string', multiple: true } } });
  if (values.archive !== undefined) {
    for (const file of values.archive) await verifyArchive(file);
    return;
  }
  const config = loadConfigFromEnvironment();
  const database = await openDatabase(config.database);
  try {
    const report = await verifyAuditChain(database.dataSource);
    const summary =
      `audit:verify: ${report.checkedRows} chained rows checked` +
      (report.archivedRows > 0 ? ` after ${report.archivedRows} archived rows` : '') +
      (report.unchainedRows > 0 ? `, ${report.unchainedRows} rows older than the chain` : '');
    if (report.firstBroken === undefined) {
      process.stdout.write(`${summary}; chain intact (head ${report.headHash ?? 'none'})\n`);
      return;
    }
    process.stdout.write(
      `${summary}; BROKEN at row id ${report.firstBroken.id} (${report.firstBroken.reason})\n`,
    );
    process.exitCode = 2;
  } finally {
    await database.close();
  }
}

async function verifyArchive(file: string): Promise<void> {
  const report = await verifyArchiveFile(file);
  const { checkpoint } = report;
  const summary = `audit:verify: ${file}: ${report.checkedRows} of ${checkpoint.rowCount} rows`;
  if (report.ok) {
    process.stdout.write(
      `${summary}; intact, ids ${checkpoint.firstId}–${checkpoint.lastId}, ` +
        `last hash ${checkpoint.lastHash}, signed by ${checkpoint.publicKey}\n`,
    );
    return;
  }
  process.stdout.write(
    `${summary}; BROKEN (${report.problem ?? 'unknown'}` +
      `${report.rowId === undefined ? '' : ` at row id ${report.rowId}`})\n`,
  );
  process.exitCode = 2;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `audit:verify failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
