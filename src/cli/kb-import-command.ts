import { userInfo } from 'node:os';

import { announceImport } from '../capabilities/knowledge-base/import/import-announcement.js';
import { KbImporter } from '../capabilities/knowledge-base/import/kb-importer.js';
import { KB_ENTITIES } from '../capabilities/knowledge-base/knowledge-base.entities.js';
import {
  importSummary,
  type KbImportReport,
  type KbImportRequest,
} from '../capabilities/knowledge-base/import/kb-import.types.js';
import { KnowledgeBaseChanges } from '../capabilities/knowledge-base/knowledge-base.changes.js';
import type { AppConfig } from '../config/app-config.js';
import { loadConfigFromEnvironment } from '../config/load-environment.js';
import { PostgresChangeBus } from '../events/postgres-change.bus.js';
import { CapabilityChanges } from '../mcp/subscriptions/capability-changes.js';
import { DataDirLockedError } from '../persistence/data-dir-lock.js';
import { openDatabase } from '../persistence/open-database.js';
import { importThroughServer } from './kb-import-remote.js';
import { ProgressLine } from './progress-line.js';

/**
 * Runs `npm run kb:import` or `kb:seed`: `load` reads every file first (a missing or unreadable
 * path fails before anything is written), then the import goes straight to the database
 * (DATABASE_URL, or the embedded PGlite when no process holds it) or, when a running server
 * holds the embedded directory, through that server's admin API, never as a second writer
 * (docs/architecture.md "Multi-instance"). stdout gets the one summary line; failures one line
 * on stderr and exit status 1.
 */
export async function runKbImport(
  command: string,
  load: () => Promise<KbImportRequest>,
): Promise<void> {
  const progress = new ProgressLine();
  const onProgress = (done: number, total: number): void =>
    progress.update(`${command}: ${done}/${total} documents`);
  try {
    const request = await load();
    const config = loadConfigFromEnvironment();
    progress.update(`${command}: opening the database…`);
    const report = await importDirectly(config, request, onProgress).catch((error: unknown) => {
      if (!(error instanceof DataDirLockedError)) throw error;
      progress.update(
        `${command}: importing through the server holding ${config.database.dataDir}…`,
      );
      return importThroughServer(config, request, onProgress);
    });
    progress.done();
    process.stdout.write(`${importSummary(report)}\n`);
  } catch (error) {
    progress.done();
    process.stderr.write(`${command} failed: ${messageOf(error)}\n`);
    process.exitCode = 1;
  }
}

async function importDirectly(
  config: AppConfig,
  request: KbImportRequest,
  onProgress: (done: number, total: number) => void,
): Promise<KbImportReport> {
  const database = await openDatabase(config.database, { entities: KB_ENTITIES });
  try {
    const actor = {
      principal: {
        subject: `cli:${userInfo().username}`,
        roles: [],
        scopes: new Set<string>(),
        clientId: undefined,
        tenant: undefined,
        authenticated: false,
        expiresAt: undefined,
      },
      transport: 'cli' as const,
    };
    const report = await new KbImporter(database.dataSource).run(request, actor, {
      onProgress,
    });
    // Servers sharing the Postgres hear of it; the embedded database had no server running.
    if (!database.info.embedded) {
      const bus = new PostgresChangeBus(config, database.dataSource);
      await announceImport(new KnowledgeBaseChanges(bus, new CapabilityChanges(bus)), report);
    }
    return report;
  } finally {
    await database.close();
  }
}

/** Postgres SQLSTATE undefined_table: the database was never migrated. */
const UNDEFINED_TABLE = '42P01';

function messageOf(error: unknown): string {
  if ((error as { code?: unknown }).code === UNDEFINED_TABLE) {
    return 'the knowledge-base tables are missing: run `npm run migrate` first';
  }
  return error instanceof Error ? error.message : String(error);
}
