import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';

import { MIGRATIONS } from '../../migrations/index.js';
import { MIGRATIONS_TABLE } from '../../src/persistence/database.constants.js';
import { openDatabase } from '../../src/persistence/open-database.js';
import { revertLastMigration, runMigrations } from '../../src/persistence/run-migrations.js';
import { buildDataSourceOptions } from '../../src/persistence/typeorm-options.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';
import { schemaShape } from '../support/schema-shape.js';

/** Tables of this feature's migrations; other features add theirs. */
const TABLES = ['audit_log', 'schema_migrations', 'sessions', 'tool_versions'];

describeEachDatabase('migrations', (tier) => {
  const db = useTestDatabase(tier);

  async function tablesIn(dataSource: DataSource, schema: string): Promise<string[]> {
    const rows = await dataSource.query<{ name: string }[]>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
      [schema],
    );
    return rows.map((row) => row.name);
  }

  it('should create every table in DB_SCHEMA', async () => {
    const { dataSource, config } = db();
    expect(await tablesIn(dataSource, config.schema)).toEqual(expect.arrayContaining(TABLES));
  });

  it('should apply nothing when run again', async () => {
    expect(await runMigrations(db().dataSource)).toEqual([]);
  });

  it('should revert the last migration, which migrate applies again', async () => {
    const { dataSource, config } = db();
    const last = MIGRATIONS.at(-1)?.name;
    const before = await definitionsIn(dataSource, config.schema);

    expect(await revertLastMigration(dataSource)).toBe(last);
    expect(await appliedIn(dataSource)).not.toContain(last);
    expect(await definitionsIn(dataSource, config.schema)).not.toEqual(before);

    expect(await runMigrations(dataSource)).toEqual([last]);
    expect(await definitionsIn(dataSource, config.schema)).toEqual(before);
  });

  it('should revert every migration and apply them again', async () => {
    const { dataSource, config } = db();
    const tables = await tablesIn(dataSource, config.schema);
    for (let i = 0; i < MIGRATIONS.length; i++) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await tablesIn(dataSource, config.schema)).toEqual(['schema_migrations']);
    expect(await runMigrations(dataSource)).toHaveLength(MIGRATIONS.length);
    expect(await tablesIn(dataSource, config.schema)).toEqual(tables);
  });

  it.runIf(tier === 'postgres')(
    'should apply each migration once when two runs start together',
    async () => {
      const { config } = db();
      const fresh = { ...config, schema: `${config.schema}_c` };
      const [a, b] = await Promise.all([
        openDatabase(fresh, { forMigrations: true }),
        openDatabase(fresh, { forMigrations: true }),
      ]);
      try {
        const applied = await Promise.all([
          runMigrations(a.dataSource),
          runMigrations(b.dataSource),
        ]);
        expect(applied.map((names) => names.length).sort()).toEqual([0, MIGRATIONS.length]);
        expect(await tablesIn(a.dataSource, fresh.schema)).toEqual(expect.arrayContaining(TABLES));
      } finally {
        await a.dataSource.query(`DROP SCHEMA "${fresh.schema}" CASCADE`);
        await Promise.all([a.close(), b.close()]);
      }
    },
  );

  it.runIf(tier === 'postgres')('should refuse a database it cannot reach, quickly', async () => {
    const { config } = db();
    const unreachable = new DataSource(
      buildDataSourceOptions(config, { url: 'postgres://postgres@127.0.0.1:1/x', embedded: false }),
    );
    const started = Date.now();
    await expect(unreachable.initialize()).rejects.toThrow(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(config.connectTimeoutMs);
  });
});

async function appliedIn(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.query<{ name: string }[]>(`SELECT name FROM ${MIGRATIONS_TABLE}`);
  return rows.map((row) => row.name);
}

/** The tables of `schema` (schemaShape), its functions and its triggers. */
async function definitionsIn(dataSource: DataSource, schema: string): Promise<string[]> {
  const routines = await dataSource.query<{ line: string }[]>(
    `SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
       AS line
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
     UNION ALL
     SELECT 'trigger ' || t.tgname FROM pg_trigger t
     JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND NOT t.tgisinternal`,
    [schema],
  );
  return [...(await schemaShape(dataSource, schema)), ...routines.map((row) => row.line)].sort();
}

describe('buildDataSourceOptions', () => {
  it('should put PGlite and migration runs on a single connection', () => {
    const base = {
      url: undefined,
      migrationUrl: undefined,
      schema: 'mcp',
      dataDir: '/tmp/x',
      poolMax: 10,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 10000,
    };
    const app = buildDataSourceOptions(base, { url: 'postgres://h/d', embedded: false });
    const embedded = buildDataSourceOptions(base, { url: 'postgres://h/d', embedded: true });
    const migrate = buildDataSourceOptions(
      base,
      { url: 'postgres://h/d', embedded: false },
      { forMigrations: true },
    );
    expect(app).toMatchObject({ poolSize: 10, synchronize: false, migrationsRun: false });
    expect(app).toMatchObject({
      extra: { statement_timeout: 10000, query_timeout: 11000, options: '-c search_path=mcp' },
    });
    expect(embedded).toMatchObject({ poolSize: 1 });
    expect(migrate).toMatchObject({ poolSize: 1, extra: { statement_timeout: 0 } });
  });
});
