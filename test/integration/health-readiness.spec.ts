import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DatabasePingIndicator } from '../../src/health/indicators/database-ping.indicator.js';
import { MigrationsIndicator } from '../../src/health/indicators/migrations.indicator.js';

const url = process.env.TEST_DATABASE_URL;
const schema = `health_${process.pid}_${Date.now()}`;

class CreateProbeTable1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "${schema}".probe (id int)`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "${schema}".probe`);
  }
}

/** Readiness checks against a real Postgres: the SQL they send must work on the real thing. */
describe.skipIf(url === undefined)('readiness on Postgres', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url,
      schema,
      migrationsTableName: 'schema_migrations',
      migrations: [CreateProbeTable1700000000000],
      connectTimeoutMS: 2_000,
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
  });

  afterAll(async () => {
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  it('should be down until the migrations of this build are applied, then up', async () => {
    const before = await new MigrationsIndicator(new HealthIndicatorService(), dataSource).check();
    expect(before.migrations).toMatchObject({ status: 'down', message: '1 pending migration(s)' });
    // Read-only: the check must not have created the migrations table itself.
    const tables: unknown[] = await dataSource.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = $1`,
      [schema],
    );
    expect(tables).toHaveLength(0);

    await dataSource.runMigrations();
    const after = await new MigrationsIndicator(new HealthIndicatorService(), dataSource).check();
    expect(after.migrations).toMatchObject({ status: 'up', pending: 0 });
  });

  it('should ping the database', async () => {
    const result = await new DatabasePingIndicator(
      new HealthIndicatorService(),
      dataSource,
    ).check();
    expect(result.database).toMatchObject({ status: 'up' });
  });
});
