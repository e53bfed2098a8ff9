import { loadConfigFromEnvironment } from '../config/load-environment.js';
import { openDatabase } from '../persistence/open-database.js';
import { runMigrations } from '../persistence/run-migrations.js';

/**
 * `npm run migrate`: applies pending migrations to MIGRATION_DATABASE_URL, else DATABASE_URL,
 * else the embedded PGlite (started for the run, then stopped). Safe to run concurrently and
 * repeatedly: an advisory lock serializes runs and applied migrations are skipped. A progress
 * line goes to stderr first (starting the embedded database takes seconds), the report to stdout.
 */
async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfigFromEnvironment();
  process.stderr.write('migrate: opening the database…\n');
  const database = await openDatabase(config.database, { forMigrations: true });
  try {
    const target = database.info.embedded
      ? `embedded database in ${config.database.dataDir}`
      : 'database';
    const where = `${target} (schema ${config.database.schema})`;
    const applied = await runMigrations(database.dataSource);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      applied.length === 0
        ? `migrate: ${where} is up to date, 0 pending (${seconds} s)\n`
        : `migrate: applied ${applied.length} pending migration(s) to ${where} in ${seconds} s:\n` +
            applied.map((name) => `  ${name}\n`).join(''),
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `migrate failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
