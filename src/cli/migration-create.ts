import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { nextMigration } from './migration-file.js';

/**
 * `npm run migration:create -- Name`: writes `migrations/<timestamp>-<Name>.ts`, an empty
 * migration for the author to fill, and lists it last in `migrations/index.ts` (migrations are
 * listed, not globbed). Works in the current directory, the project root under npm. Needs no
 * database.
 */
function main(args: readonly string[]): string {
  const [name, ...extra] = args;
  if (name === undefined || extra.length > 0) {
    throw new Error('usage: npm run migration:create -- <PascalCaseName>');
  }
  const dir = resolve('migrations');
  const indexPath = join(dir, 'index.ts');
  const migration = nextMigration(name, readFileSync(indexPath, 'utf8'), Date.now());
  // `wx`: never overwrite a file; the index only changes once the migration exists.
  writeFileSync(join(dir, migration.fileName), migration.source, { flag: 'wx' });
  writeFileSync(indexPath, migration.index);
  return `migration:create: wrote migrations/${migration.fileName} and listed it in migrations/index.ts\n`;
}

try {
  process.stdout.write(main(process.argv.slice(2)));
} catch (error) {
  process.stderr.write(
    `migration:create failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
