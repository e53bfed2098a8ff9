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
import { indexNamedOnly, schemaShape } from '../support/schema-shape.js';

/**
 * The entities the app maps (every `TypeOrmModule.forFeature` of its modules) against the schema
 * the real migrations build, so an entity and its migration cannot drift apart:
 *
 * - every table of `DB_SCHEMA` has an entity (TypeORM's own migrations table and the partitions
 *   of a partitioned table aside);
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
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
           AND c.relname <> $2`,
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
      const described = await schemaShape(dataSource, scratch);
      const migrated = await schemaShape(dataSource, db.config.schema, new Set(unsynchronized));
      expect([...described, ...unsynchronized.map(indexNamedOnly)].sort()).toEqual(
        migrated.filter((line) => !line.startsWith(`${MIGRATIONS_TABLE}.`)),
      );
    } finally {
      await database.dataSource.query(`DROP SCHEMA IF EXISTS "${scratch}" CASCADE`);
      await database.close();
    }
  });
});
