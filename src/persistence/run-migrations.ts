import type { DataSource } from 'typeorm';
import { MigrationExecutor } from 'typeorm';

import { MIGRATION_LOCK_KEY } from './database.constants.js';

/**
 * Applies pending migrations under a session-level advisory lock taken on the same
 * connection that runs them: a concurrent run waits, then finds nothing left to do.
 * Creates the `DB_SCHEMA` schema first when missing (TypeORM's own table lives in it).
 * Returns the names of the migrations applied by this run.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const schema = schemaOf(dataSource);
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    await queryRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const existing = (await queryRunner.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
        schema,
      ])) as unknown[];
      // Checked first: CREATE SCHEMA IF NOT EXISTS still needs CREATE on the database.
      if (existing.length === 0) await queryRunner.query(`CREATE SCHEMA "${schema}"`);
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((migration) => migration.name);
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await queryRunner.release();
  }
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
