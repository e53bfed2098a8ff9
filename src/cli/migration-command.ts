import type { DataSource } from 'typeorm';

import { loadConfigFromEnvironment } from '../config/load-environment.js';
import { openDatabase } from '../persistence/open-database.js';

/** What a migration command works on, and how to report on it. */
export interface MigrationTarget {
  readonly dataSource: DataSource;
  /** e.g. `embedded database in ./data (schema mcp)`, never credentials. */
  readonly where: string;
  /** Seconds since the command started, one decimal. */
  readonly seconds: () => string;
}

/**
 * Runs `npm run <command>` against MIGRATION_DATABASE_URL, else DATABASE_URL, else the embedded
 * PGlite (started for the run, then stopped), without the Nest app: `work` returns the report
 * for stdout. A progress line goes to stderr first (starting the embedded database takes
 * seconds); a failure is one line on stderr and exit status 1.
 */
export function runMigrationCommand(
  command: string,
  work: (target: MigrationTarget) => Promise<string>,
): void {
  const run = async (): Promise<void> => {
    const started = performance.now();
    const config = loadConfigFromEnvironment();
    process.stderr.write(`${command}: opening the database…\n`);
    const database = await openDatabase(config.database, { forMigrations: true });
    try {
      const target = database.info.embedded
        ? `embedded database in ${config.database.dataDir}`
        : 'database';
      const report = await work({
        dataSource: database.dataSource,
        where: `${target} (schema ${config.database.schema})`,
        seconds: () => ((performance.now() - started) / 1000).toFixed(1),
      });
      process.stdout.write(report);
    } finally {
      await database.close();
    }
  };
  run().catch((error: unknown) => {
    process.stderr.write(
      `${command} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
