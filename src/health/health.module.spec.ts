import { Global, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ConfigModule, loadConfig } from '../config/index.js';
import { ShutdownCoordinator } from '../ops/shutdown/shutdown.coordinator.js';
import { HealthModule } from './health.module.js';

class Migration1700000000000 {
  up = () => Promise.resolve();
  down = () => Promise.resolve();
}

/** A DataSource whose `query` the test scripts: `SELECT 1` pings and the migrations read. */
function fakeDataSource(ping: () => Promise<unknown>) {
  return {
    isInitialized: true,
    migrations: [new Migration1700000000000()],
    options: { migrationsTableName: 'schema_migrations' },
    driver: { escape: (name: string) => `"${name}"`, options: { schema: 'public' } },
    query: vi.fn((sql: string) =>
      sql === 'SELECT 1' ? ping() : Promise.resolve([{ name: 'Migration1700000000000' }]),
    ),
  };
}

let app: INestApplication | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(
  dataSource: ReturnType<typeof fakeDataSource>,
  draining = false,
): Promise<string> {
  @Global()
  @Module({ providers: [{ provide: DataSource, useValue: dataSource }], exports: [DataSource] })
  class FakeDatabaseModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(loadConfig({})), FakeDatabaseModule, HealthModule],
  })
    .overrideProvider(ShutdownCoordinator)
    .useValue({ isDraining: () => draining })
    .compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return app.getUrl();
}

async function probe(url: string) {
  const started = Date.now();
  const response = await fetch(url);
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    ms: Date.now() - started,
  };
}

describe(HealthModule.name, () => {
  it('should be live and ready when the database answers and migrations are applied', async () => {
    const url = await start(fakeDataSource(() => Promise.resolve([])));
    await expect(probe(`${url}/health/live`)).resolves.toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    const ready = await probe(`${url}/health/ready`);
    expect(ready).toMatchObject({
      status: 200,
      body: {
        status: 'ok',
        details: {
          shutdown: { status: 'up' },
          database: { status: 'up' },
          migrations: { status: 'up', pending: 0 },
        },
      },
    });
  });

  it('should fail readiness within about a second when the database hangs, and stay live', async () => {
    const dataSource = fakeDataSource(() => new Promise(() => undefined));
    const url = await start(dataSource);

    const ready = await probe(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(1_500);
    expect(ready.body).toMatchObject({
      status: 'error',
      error: { database: { status: 'down', message: 'timeout of 1000ms exceeded' } },
    });
    await expect(probe(`${url}/health/live`)).resolves.toMatchObject({ status: 200 });

    // The hung ping is shared by the next probe instead of taking another connection.
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    expect((await probe(`${url}/health/ready`)).status).toBe(503);
    const pings = dataSource.query.mock.calls.filter(([sql]) => sql === 'SELECT 1');
    expect(pings).toHaveLength(1);
  });

  it('should not leak driver error text when the database refuses connections', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), {
      code: 'ECONNREFUSED',
    });
    const url = await start(fakeDataSource(() => Promise.reject(refused)));
    const ready = await probe(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ error: { database: { message: 'unreachable' } } });
    expect(JSON.stringify(ready.body)).not.toContain('10.0.0.5');
  });

  it('should answer 503 at once while draining, without pinging the database', async () => {
    const dataSource = fakeDataSource(() => new Promise(() => undefined));
    const url = await start(dataSource, true);
    const ready = await probe(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(500);
    expect(ready.body).toMatchObject({
      error: { shutdown: { status: 'down', message: 'draining' } },
    });
    expect(dataSource.query).not.toHaveBeenCalled();
  });

  it('should fail readiness while a migration of this build is not recorded', async () => {
    const dataSource = fakeDataSource(() => Promise.resolve([]));
    dataSource.query.mockImplementation((sql: string) =>
      Promise.resolve(sql === 'SELECT 1' ? [] : [{ name: 'Migration1600000000000' }]),
    );
    const url = await start(dataSource);
    const ready = await probe(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      error: { migrations: { status: 'down', message: '1 pending migration(s)' } },
    });
    expect(dataSource.query).toHaveBeenCalledWith('SELECT name FROM "public"."schema_migrations"');
  });
});
