import { loadConfigFromEnvironment } from '../config/load-environment.js';
import { openDatabase } from '../persistence/open-database.js';
import { runMigrations } from '../persistence/run-migrations.js';

/**
 * `npm run migrate`: applies pending migrations to MIGRATION_DATABASE_URL, else DATABASE_URL,
 * else the embedded PGlite (started for the run, then stopped). Safe to run concurrently and
 * repeatedly: an advisory lock serializes runs and applied migrations are skipped.
 */
async function main(): Promise<void> {
  const config = loadConfigFromEnvironment();
  const database = await openDatabase(config.database, { forMigrations: true });
  try {
    const target = database.info.embedded
      ? `embedded database in ${config.database.dataDir}`
      : 'database';
    const applied = await runMigrations(database.dataSource);
    process.stdout.write(
      applied.length === 0
        ? `migrate: ${target} (schema ${config.database.schema}) is up to date\n`
        : `migrate: applied to ${target} (schema ${config.database.schema}):\n` +
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
