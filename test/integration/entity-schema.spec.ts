import { Test } from '@nestjs/testing';
import { register } from 'prom-client';
import { DataSource, type EntityMetadata } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { AppModule } from '../../src/app.module.js';
import { loadConfig } from '../../src/config/app-config.js';
import { MIGRATIONS_TABLE } from '../../src/persistence/database.constants.js';
import { openDatabase } from '../../src/persistence/open-database.js';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../support/database.js';

/**
 * The entities the app maps (every `TypeOrmModule.forFeature` of its modules) against the schema
 * the real migrations build, so an entity and its migration cannot drift apart:
 *
 * - every table of `DB_SCHEMA` has an entity (TypeORM's own migrations table aside);
 * - TypeORM's schema builder, asked what it would change, has nothing to do;
 * - the tables TypeORM builds from the entities in a scratch schema have the same columns (type,
 *   nullability, default, identity), primary keys, and named unique, check and index definitions
 *   (method, columns in order, partial predicate) as the migrated ones, as Postgres itself prints
 *   them. The schema builder alone does not compare a partial index's predicate or a check's
 *   expression.
 *
 * An index TypeORM cannot express (an expression or operator-class index, INCLUDE columns) is
 * created by its migration only and declared on the entity as `@Index('IDX_…', { synchronize:
 * false })`, TypeORM's own convention: then only its name is checked. Triggers, functions and
 * grants are the migrations' alone; no entity describes them.
 */
describeEachDatabase('entities against the migrated schema', (tier) => {
  let db: TestDatabase;
  let metadatas: readonly EntityMetadata[];
  let builderQueries: string[];

  beforeAll(async () => {
    db = await createTestDatabase(tier, { open: false });
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(loadConfig({ LOG_LEVEL: 'warn', ...db.env }))],
    }).compile();
    try {
      const dataSource = moduleRef.get(DataSource);
      metadatas = dataSource.entityMetadatas;
      const sql = await dataSource.driver.createSchemaBuilder().log();
      builderQueries = sql.upQueries.map((query) => query.query);
    } finally {
      await moduleRef.close();
      register.clear();
    }
  });

  afterAll(async () => {
    await db.cleanup();
  });

  it('should map every table of the schema to an entity', async () => {
    const database = await openDatabase(db.config);
    try {
      const tables = await database.dataSource.query<{ name: string }[]>(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> $2`,
        [db.config.schema, MIGRATIONS_TABLE],
      );
      expect(metadatas.map((metadata) => metadata.tableName).sort()).toEqual(
        tables.map((table) => table.name).sort(),
      );
    } finally {
      await database.close();
    }
  });

  it('should leave the schema builder nothing to change', () => {
    expect(builderQueries).toEqual([]);
  });

  it('should describe each table as its migrations create it', async () => {
    const scratch = `${db.config.schema}_entities`;
    const database = await openDatabase(
      { ...db.config, schema: scratch },
      { entities: metadatas.map((metadata) => metadata.target) },
    );
    try {
      const { dataSource } = database;
      await dataSource.query(`CREATE SCHEMA "${scratch}"`);
      await dataSource.synchronize();
      const unsynchronized = metadatas.flatMap((metadata) =>
        metadata.indices.filter((index) => index.synchronize === false).map((index) => index.name),
      );
      const described = await shapeOf(dataSource, scratch);
      const migrated = await shapeOf(dataSource, db.config.schema, new Set(unsynchronized));
      described.push(...unsynchronized.map(nameOnly));
      expect(described.sort()).toEqual(migrated.filter(notMigrationsTable).sort());
    } finally {
      await database.dataSource.query(`DROP SCHEMA IF EXISTS "${scratch}" CASCADE`);
      await database.close();
    }
  });
});

const nameOnly = (index: string): string => `index ${index}: declared synchronize: false`;

const notMigrationsTable = (line: string): boolean => !line.startsWith(`${MIGRATIONS_TABLE}.`);

/**
 * One line per column, primary key, unique or check constraint and index of the tables of
 * `schema`, in Postgres's own words (format_type, pg_get_expr, pg_get_constraintdef,
 * pg_get_indexdef) with the schema name left out, so two schemas compare line for line.
 * Primary keys are compared by their columns: their names are the migrations' business.
 */
async function shapeOf(
  dataSource: DataSource,
  schema: string,
  nameOnlyIndexes: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const columns = await dataSource.query<{ line: string }[]>(
    `SELECT c.relname || '.' || a.attname || ': ' || format_type(a.atttypid, a.atttypmod)
       || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END
       || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
       || CASE a.attidentity WHEN 'a' THEN ' IDENTITY ALWAYS' WHEN 'd' THEN ' IDENTITY BY DEFAULT'
          ELSE '' END AS line
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
     JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = $1 AND a.attnum > 0 AND NOT a.attisdropped`,
    [schema],
  );
  const constraints = await dataSource.query<{ line: string }[]>(
    `SELECT c.relname || '.' || CASE k.contype WHEN 'p' THEN 'primary key'
         ELSE k.conname END || ': ' || pg_get_constraintdef(k.oid) AS line
     FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND k.contype IN ('p', 'u', 'c')`,
    [schema],
  );
  const indexes = await dataSource.query<{ table: string; name: string; definition: string }[]>(
    `SELECT t.relname AS table, i.relname AS name, pg_get_indexdef(i.oid) AS definition
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = $1
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)`,
    [schema],
  );
  return [
    ...columns.map((row) => row.line),
    ...constraints.map((row) => row.line),
    ...indexes.map((index) =>
      nameOnlyIndexes.has(index.name)
        ? nameOnly(index.name)
        : `index ${index.name}: ${index.definition.replace(` ON ${schema}.`, ' ON ')}`,
    ),
  ];
}
