import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';

import { AuditArchiveSettings } from '../audit/archive/audit-archive.settings.js';
import { archiveExpiredPartitions } from '../audit/archive/audit-archiver.js';
import { loadConfigFromEnvironment } from '../config/load-environment.js';
import { openDatabase } from '../persistence/open-database.js';
import { loadOrCreatePrivateKeyPem } from '../security/private-key-file.js';

/**
 * `npm run audit:archive`: archives and drops the `audit_log` partitions older than
 * `MCP_AUDIT_RETENTION_MONTHS` (docs/data-lifecycle.md "Archive"). Connects like
 * `npm run migrate` (`MIGRATION_DATABASE_URL` first): only the owner may drop a partition.
 * Run it monthly (a cron job); a second run finds nothing to do. Exit status 0 when done, 1
 * when a partition could not be archived (nothing of it dropped).
 */
async function main(): Promise<void> {
  const config = loadConfigFromEnvironment();
  const settings = config.modules.get(AuditArchiveSettings);
  const { dataDir } = config.database;
  const pem = await loadOrCreatePrivateKeyPem(
    settings.keyFile ?? join(dataDir, 'audit-archive-key', 'ed25519.pem'),
    () => generateKeyPairSync('ed25519').privateKey,
  );
  const dir = settings.archiveDir ?? join(dataDir, 'audit-archive');
  const database = await openDatabase(config.database, { forMigrations: true });
  try {
    const archived = await archiveExpiredPartitions(database.dataSource, {
      dir,
      retentionMonths: settings.retentionMonths,
      privateKey: createPrivateKey(pem),
    });
    for (const { partition, rows, file } of archived) {
      process.stdout.write(`${partition}: ${rows} rows${file === undefined ? '' : ` → ${file}`}\n`);
    }
    process.stdout.write(`audit:archive: ${archived.length} partitions archived to ${dir}\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `audit:archive failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
