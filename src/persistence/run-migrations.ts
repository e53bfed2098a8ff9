import type { DataSource, QueryRunner } from 'typeorm';
import { MigrationExecutor } from 'typeorm';

import { MIGRATION_LOCK_KEY } from './database.constants.js';

/**
 * Applies pending migrations under the migration lock ({@link withMigrationLock}): a concurrent
 * run waits, then finds nothing left to do. Creates the `DB_SCHEMA` schema first when missing
 * (TypeORM's own table lives in it). Returns the names of the migrations applied by this run.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = schemaOf(dataSource);
  return withMigrationLock(dataSource, async (queryRunner) => {
    const existing = (await queryRunner.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
      schema,
    ])) as unknown[];
    // Checked first: CREATE SCHEMA IF NOT EXISTS still needs CREATE on the database.
    if (existing.length === 0) await queryRunner.query(`CREATE SCHEMA "${schema}"`);
    const applied = await executorOn(dataSource, queryRunner).executePendingMigrations();
    return applied.map((migration) => migration.name);
  });
}

/**
 * Reverts the last applied migration (its `down`, in one transaction) under the migration lock;
 * `npm run migrate` applies it again. Returns its name, or `undefined` when none is applied.
 */
export async function revertLastMigration(dataSource: DataSource): Promise<string | undefined> {
  return withMigrationLock(dataSource, async (queryRunner) => {
    const executor = executorOn(dataSource, queryRunner);
    // Newest first; an unmigrated database (no schema, no table) has none.
    const [last] = await executor.getExecutedMigrations();
    if (last === undefined) return undefined;
    await executor.undoLastMigration();
    return last.name;
  });
}

/**
 * Runs `work` holding a session-level advisory lock taken on the connection it gets, so runs
 * of `npm run migrate` and `migration:revert` (several pods starting at once) never overlap.
 */
async function withMigrationLock<T>(
  dataSource: DataSource,
  work: (queryRunner: QueryRunner) => Promise<T>,
): Promise<T> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    await queryRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await work(queryRunner);
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await queryRunner.release();
  }
}

/** One transaction per migration, as the DataSource options say (migrationsTransactionMode). */
function executorOn(dataSource: DataSource, queryRunner: QueryRunner): MigrationExecutor {
  const executor = new MigrationExecutor(dataSource, queryRunner);
  executor.transaction = 'each';
  return executor;
}

function schemaOf(dataSource: DataSource): string {
  const { options } = dataSource;
  const schema = options.type === 'postgres' ? options.schema : undefined;
  // The config validated it as a lowercase SQL identifier; re-checked since it is interpolated.
  if (schema === undefined || !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid database schema ${JSON.stringify(schema)}`);
  }
  return schema;
}
