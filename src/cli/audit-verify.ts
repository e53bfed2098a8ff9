import { verifyAuditChain } from '../audit/audit-chain.verifier.js';
import { loadConfigFromEnvironment } from '../config/load-environment.js';
import { openDatabase } from '../persistence/open-database.js';

/**
 * `npm run audit:verify`: recomputes the hash chain of `audit_log` and reports the first broken
 * link. Exit status 0 when the chain is intact, 2 when it is broken, 1 when it could not be
 * checked. With the embedded database, stop the server first (PGlite has one owner process).
 */
async function main(): Promise<void> {
  const config = loadConfigFromEnvironment();
  const database = await openDatabase(config.database);
  try {
    const report = await verifyAuditChain(database.dataSource);
    const summary =
      `audit:verify: ${report.checkedRows} chained rows checked` +
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

main().catch((error: unknown) => {
  process.stderr.write(
    `audit:verify failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
