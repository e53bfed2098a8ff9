import { randomBytes } from 'node:crypto';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { MIGRATIONS } from '../../migrations/index.js';
import { MIGRATIONS_TABLE } from '../../src/persistence/database.constants.js';
import { runMigrate, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const DATABASE_URL = process.env.TEST_DATABASE_URL;

interface SessionHeaders {
  readonly sessionId: string;
  readonly protocolVersion: string;
}

/** One JSON-RPC request over raw HTTP with a session's headers; the reply read as JSON or SSE. */
async function post(
  url: string,
  session: SessionHeaders,
  message: object,
): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': session.sessionId,
      'mcp-protocol-version': session.protocolVersion,
    },
    body: JSON.stringify(message),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.startsWith('text/event-stream')
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice('data:'.length))
        .at(-1)
    : text;
  return { status: response.status, body: json ? JSON.parse(json) : undefined };
}

const echo = (id: number, message: string): object => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'echo', arguments: { message } },
});

/** Migration names a `migrate` run reports as applied (indented lines of its output). */
const appliedBy = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.trim());

/**
 * Two built server processes on one Postgres (docs/architecture.md "Multi-instance"; a private
 * DB_SCHEMA, dropped afterwards). Only when TEST_DATABASE_URL is set; the tests run in order.
 */
describe.runIf(DATABASE_URL !== undefined)('two server processes on one Postgres', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const env = { DATABASE_URL: DATABASE_URL ?? '', DB_SCHEMA: schema };
  const servers: SpawnedServer[] = [];

  async function query<T>(sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop('SIGKILL')));
    await query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  it('should apply each migration once when two `migrate` runs start at the same time', async () => {
    const runs = await Promise.all([runMigrate(env), runMigrate(env)]);

    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    const names = MIGRATIONS.map((migration) => migration.name);
    expect(runs.flatMap((run) => appliedBy(run.stdout)).sort()).toEqual([...names].sort());
    const rows = await query<{ name: string }>(
      `SELECT name FROM "${schema}"."${MIGRATIONS_TABLE}" ORDER BY id`,
    );
    expect(rows.map((row) => row.name)).toEqual(names);

    const again = await runMigrate(env);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('is up to date') });
  }, 300_000);

  describe('a session shared by the processes', () => {
    let a: SpawnedServer;
    let b: SpawnedServer;
    let client: Client;
    let session: SessionHeaders;

    beforeAll(async () => {
      [a, b] = await Promise.all([
        spawnServer(env, { migrate: false }),
        spawnServer(env, { migrate: false }),
      ]);
      servers.push(a, b);
      const transport = new StreamableHTTPClientTransport(new URL(a.url));
      client = new Client({ name: 'multi-process-e2e', version: '1.0.0' });
      await client.connect(transport);
      session = {
        sessionId: transport.sessionId ?? '',
        protocolVersion: transport.protocolVersion ?? '',
      };
    }, 300_000);

    afterAll(async () => {
      await client?.close();
    });

    it('should serve through B a session opened through A with the SDK client', async () => {
      expect(session.sessionId).not.toBe('');
      const result = await client.callTool({ name: 'echo', arguments: { message: 'via A' } });
      expect(result.content).toEqual([{ type: 'text', text: 'via A' }]);

      const viaB = await post(b.url, session, echo(101, 'via B'));
      expect(viaB).toMatchObject({
        status: 200,
        body: { id: 101, result: { content: [{ type: 'text', text: 'via B' }] } },
      });
      const stored = await query<{ id: string }>(
        `SELECT id FROM "${schema}".sessions WHERE ended_at IS NULL`,
      );
      expect(stored.map((row) => row.id)).toEqual([session.sessionId]);
    });

    it('should answer 404 on both processes once the session was ended through B', async () => {
      const ended = await fetch(b.url, {
        method: 'DELETE',
        headers: {
          'mcp-session-id': session.sessionId,
          'mcp-protocol-version': session.protocolVersion,
        },
      });
      expect(ended.status).toBeLessThan(300);

      expect((await post(b.url, session, echo(102, 'after end'))).status).toBe(404);
      // A opened the session and caches it, but memory is only a cache and changes reach every
      // instance through LISTEN/NOTIFY (docs/architecture.md "Multi-instance"): A refuses it too,
      // once the notification arrived. Polled with `ping`, which has no effect of its own.
      const ping = { jsonrpc: '2.0', id: 103, method: 'ping' };
      await expect
        .poll(async () => (await post(a.url, session, ping)).status, { timeout: 5_000 })
        .toBe(404);
    });
  });
});
