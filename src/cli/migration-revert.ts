import { revertLastMigration } from '../persistence/run-migrations.js';
import { runMigrationCommand } from './migration-command.js';

/**
 * `npm run migration:revert`: reverts the last applied migration (its `down`), under the same
 * advisory lock as `npm run migrate`, which applies it again. Reverting under running instances
 * of a build that expects the migration breaks them: stop them, or deploy the older build first.
 */
runMigrationCommand('migration:revert', async ({ dataSource, where, seconds }) => {
  const reverted = await revertLastMigration(dataSource);
  return reverted === undefined
    ? `migration:revert: no migration is applied to ${where} (${seconds()} s)\n`
    : `migration:revert: reverted ${reverted} in ${where} in ${seconds()} s\n`;
});
