import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { availableTiers, createTestDatabase, type TestDatabase } from '../support/database.js';
import { recordOpsFigures } from '../support/ops-figures.js';
import { RawMcpSession } from '../support/raw-mcp-client.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const OUTAGE_MS = 3_000;
/** "Fail fast": far below the 5 s connect and 10 s statement timeouts a hung call would wait. */
const FAST_MS = 1_500;

/** The database behind the proxy, and a way to count audit rows that bypasses the proxy. */
interface Backend {
  readonly url: string;
  countAuditRows(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

const COUNT_SQL = `SELECT event, count(*)::int AS n FROM audit_log
  WHERE event LIKE 'tool_call.%' GROUP BY event`;

function toCounts(rows: readonly { event: string; n: number }[]): Record<string, number> {
  return Object.fromEntries(rows.map((row) => [row.event, row.n]));
}

/**
 * PGlite behind its socket server (several connections: the app pool and the LISTEN client of
 * the change bus), or the Postgres of TEST_DATABASE_URL.
 */
async function startBackend(database: TestDatabase): Promise<Backend> {
  const schema = database.config.schema;
  if (database.tier === 'postgres') {
    const url = database.config.url as string;
    return {
      url,
      countAuditRows: async () => {
        const client = new pg.Client({
          connectionString: url,
          options: `-c search_path=${schema}`,
        });
        await client.connect();
        try {
          return toCounts((await client.query(COUNT_SQL)).rows);
        } finally {
          await client.end();
        }
      },
      stop: () => Promise.resolve(),
    };
  }
  const db = await PGlite.create(join(database.config.dataDir, 'pglite'));
  await db.exec(`SET search_path TO "${schema}"`);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    countAuditRows: async () =>
      toCounts((await db.query<{ event: string; n: number }>(COUNT_SQL)).rows),
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > timeoutMs) throw new Error(`not reached in ${timeoutMs} ms`);
    await sleep(50);
  }
  return performance.now() - started;
}

const tier = availableTiers().includes('postgres') ? 'postgres' : 'pglite';

describe(`ops: the database goes away and comes back [${tier}]`, () => {
  let database: TestDatabase;
  let backend: Backend;
  let proxy: TcpProxy;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase(tier, { open: false });
    backend = await startBackend(database);
    proxy = await startTcpProxy(new URL(backend.url));
    app = await startTestApp({
      database,
      env: {
        DATABASE_URL: proxy.url,
        DB_POOL_MAX: '4',
        DB_CONNECT_TIMEOUT_MS: '1000',
        DB_STATEMENT_TIMEOUT_MS: '2000',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await backend?.stop();
    await database?.cleanup();
  });

  const readiness = async (): Promise<number> => (await fetch(`${app.origin}/health/ready`)).status;

  it('should answer 503 and fail calls fast while it is down, recover alone, and lose no audit row', async () => {
    const session = await RawMcpSession.open(app.url);
    const echo = (message: string) => session.callTool('echo', { message });
    let succeeded = 0;
    for (let i = 0; i < 5; i += 1) {
      expect((await echo(`before-${i}`)).body).toContain(`before-${i}`);
      succeeded += 1;
    }
    expect(await readiness()).toBe(200);

    await proxy.cut();
    const cutAt = performance.now();
    const notReadyAfterMs = await waitFor(async () => (await readiness()) === 503, 5_000);
    const duringOutage = [];
    while (performance.now() - cutAt < OUTAGE_MS) duringOutage.push(await echo('during'));
    expect((await fetch(`${app.origin}/health/live`)).status).toBe(200);

    await proxy.restore();
    const recoveredReadyAfterMs = await waitFor(async () => (await readiness()) === 200, 15_000);
    const firstCallAfterMs =
      recoveredReadyAfterMs +
      (await waitFor(async () => (await echo('after')).body.includes('"text":"after"'), 15_000));
    succeeded += 1;
    for (let i = 0; i < 5; i += 1) {
      expect((await echo(`after-${i}`)).body).toContain(`after-${i}`);
      succeeded += 1;
    }
    await session.close();
    await app.close();

    const slowest = Math.max(...duringOutage.map((answer) => answer.ms));
    const rows = await backend.countAuditRows();
    recordOpsFigures('database-outage', {
      tier,
      outageMs: OUTAGE_MS,
      readinessDownAfterCutMs: Math.round(notReadyAfterMs),
      callsDuringOutage: duringOutage.length,
      slowestCallDuringOutageMs: Math.round(slowest),
      readinessUpAfterRestoreMs: Math.round(recoveredReadyAfterMs),
      firstSuccessfulCallAfterRestoreMs: Math.round(firstCallAfterMs),
      successfulCalls: succeeded,
      auditRows: rows,
    });

    expect(notReadyAfterMs).toBeLessThan(3_000);
    expect(duringOutage.length).toBeGreaterThan(0);
    for (const answer of duringOutage) {
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toMatchObject({
        // echo is read-only: audited in one row after it ran, so its result is withheld.
        error: { code: -32003, message: 'audit log unavailable; the result was withheld' },
      });
    }
    expect(slowest).toBeLessThan(FAST_MS);
    // Calls refused during the outage answered no result and left no row; every other has its one.
    expect(rows).toEqual({ 'tool_call.completed': succeeded });
  }, 120_000);
});
