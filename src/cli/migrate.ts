import { runMigrations } from '../persistence/run-migrations.js';
import { runMigrationCommand } from './migration-command.js';

/**
 * `npm run migrate`: applies pending migrations. Safe to run concurrently and repeatedly: an
 * advisory lock serializes runs and applied migrations are skipped.
 */
runMigrationCommand('migrate', async ({ dataSource, where, seconds }) => {
  const applied = await runMigrations(dataSource);
  return applied.length === 0
    ? `migrate: ${where} is up to date, 0 pending (${seconds()} s)\n`
    : `migrate: applied ${applied.length} pending migration(s) to ${where} in ${seconds()} s:\n` +
        applied.map((name) => `  ${name}\n`).join('');
});
