import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { afterAll, beforeAll, describe } from 'vitest';

import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { openDatabase, type OpenDatabase } from '../../src/persistence/open-database.js';
import { runMigrations } from '../../src/persistence/run-migrations.js';

/** `pglite`: embedded, always available. `postgres`: when `TEST_DATABASE_URL` is set. */
export type DatabaseTier = 'pglite' | 'postgres';

export interface TestDatabase {
  readonly tier: DatabaseTier;
  /** Environment entries that point `loadConfig` (and so the app) at this database. */
  readonly env: Readonly<Record<string, string>>;
  /** `loadConfig(env).database`. */
  readonly config: AppConfig['database'];
  /** Open and migrated unless created with `open: false`. */
  readonly dataSource: DataSource | undefined;
  /** Closes the DataSource (and PGlite) if open; the data stays for a later open. */
  close(): Promise<void>;
  /** Closes, then deletes the data (temp directory, or the `t_<random>` schema). */
  cleanup(): Promise<void>;
}

export function availableTiers(): DatabaseTier[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabaseOptions {
  /** `false`: migrate, then close, ready for an app. */
  readonly open?: boolean;
  /** Entities the open DataSource maps, for stores built on their repositories. */
  readonly entities?: DataSourceOptions['entities'];
}

/**
 * A fresh, migrated database nobody else uses: PGlite in a new temp directory, or a new
 * schema `t_<random>` in `TEST_DATABASE_URL` (so parallel runs never collide).
 */
export async function createTestDatabase(
  tier: DatabaseTier = 'pglite',
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const { env, drop } = await provision(tier);
  const config = loadConfig(env).database;
  let database: OpenDatabase | undefined = await openDatabase(config, {
    entities: options.entities,
  });
  try {
    await runMigrations(database.dataSource);
  } catch (error) {
    await database.close();
    await drop();
    throw error;
  }
  if (options.open === false) {
    await database.close();
    database = undefined;
  }
  const close = async (): Promise<void> => {
    await database?.close();
  };
  return {
    tier,
    env,
    config,
    dataSource: database?.dataSource,
    close,
    cleanup: async () => {
      await close();
      await drop();
    },
  };
}

/** Runs `fn` in a describe block per available tier; the title names the tier. */
export function describeEachDatabase(name: string, fn: (tier: DatabaseTier) => void): void {
  for (const tier of availableTiers()) describe(`${name} [${tier}]`, () => fn(tier));
}

/** Creates an open test database before the block's tests and cleans it up after them. */
export function useTestDatabase(
  tier: DatabaseTier,
  options: Pick<TestDatabaseOptions, 'entities'> = {},
): () => TestDatabase & { dataSource: DataSource } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(tier, options);
  });
  afterAll(async () => {
    await database?.cleanup();
  });
  return () => {
    if (database?.dataSource === undefined) throw new Error('test database not created yet');
    return database as TestDatabase & { dataSource: DataSource };
  };
}

async function provision(
  tier: DatabaseTier,
): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (tier === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'mcp-test-db-'));
    return {
      // Not `public`: exercises DB_SCHEMA on PGlite too (search_path set in-process there).
      env: { MCP_DATA_DIR: dataDir, DB_SCHEMA: 'mcp_test' },
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const url = process.env.TEST_DATABASE_URL;
  if (url === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  return {
    env: { DATABASE_URL: url, DB_SCHEMA: schema },
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
