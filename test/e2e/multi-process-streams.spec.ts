import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FOLLOW_FALLBACK_MS } from '../../src/sessions/streams/stream-limits.js';
import {
  callAndDropAfter,
  expectRestOfPacedStream,
  PACED_INTERVAL_MS,
  PACED_POSITIONS,
  PACED_STEPS,
  resumeStream,
} from '../support/paced-stream.js';
import { RawMcpSession } from '../support/raw-mcp-client.js';
import { runMigrate, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { SseReader } from '../support/sse-reader.js';

const DATABASE_URL = process.env.TEST_DATABASE_URL;

/**
 * A resumption ends within the time the call still runs plus this slack, well below
 * {@link FOLLOW_FALLBACK_MS}: its follower is woken by the stream's notices, not by its
 * fallback read.
 */
const DELIVERY_SLACK_MS = 1_500;
const DELIVERY_BOUND_MS = Math.min(
  PACED_STEPS * PACED_INTERVAL_MS + DELIVERY_SLACK_MS,
  FOLLOW_FALLBACK_MS,
);

/**
 * Resumable streams across two built server processes on one Postgres (a private DB_SCHEMA,
 * dropped afterwards): a client drops a `tools/call` stream of A at each of its events — the
 * priming event first — and resumes it with `Last-Event-ID` on B, and on A itself. Only when
 * TEST_DATABASE_URL is set (PGlite admits one process).
 */
describe.runIf(DATABASE_URL !== undefined)('a stream resumed across two server processes', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const env = {
    DATABASE_URL: DATABASE_URL ?? '',
    DB_SCHEMA: schema,
    MCP_CONFORMANCE_FIXTURES: 'true',
  };
  const servers: SpawnedServer[] = [];
  let a: SpawnedServer;
  let b: SpawnedServer;
  let session: RawMcpSession;

  beforeAll(async () => {
    const migrated = await runMigrate(env);
    expect(migrated.code, migrated.stderr).toBe(0);
    [a, b] = await Promise.all([
      spawnServer(env, { migrate: false }),
      spawnServer(env, { migrate: false }),
    ]);
    servers.push(a, b);
    session = await RawMcpSession.open(a.url);
    // B has served the session and a resumption before, so the first test's resumption there
    // is answered as fast as the later ones.
    const ping = await fetch(b.url, {
      method: 'POST',
      headers: session.headers(),
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'ping' }),
    });
    expect(ping.status).toBe(200);
    await ping.arrayBuffer();
    expect((await resumeStream(b.url, session.headers(), 'AAAAAAAAAAAA:0')).status).toBe(404);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop('SIGKILL')));
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });

  it.each(PACED_POSITIONS)(
    'should deliver on B the rest of a stream of A dropped after event %i, once each, in order',
    async (lastRead) => {
      const lastEventId = await callAndDropAfter(a.url, session.headers(), lastRead);
      const resumed = await resumeStream(b.url, session.headers(), lastEventId);
      expect(resumed.status).toBe(200);
      expectRestOfPacedStream(resumed.events, lastRead);
      expect(resumed.ms).toBeLessThan(DELIVERY_BOUND_MS);
    },
  );

  it.each(PACED_POSITIONS)(
    'should deliver on A itself the rest of its stream dropped after event %i',
    async (lastRead) => {
      const lastEventId = await callAndDropAfter(a.url, session.headers(), lastRead);
      const resumed = await resumeStream(a.url, session.headers(), lastEventId);
      expect(resumed.status).toBe(200);
      expectRestOfPacedStream(resumed.events, lastRead);
    },
  );

  it('should keep the resumed stream open on B when A dies mid-call', async () => {
    const lastEventId = await callAndDropAfter(a.url, session.headers(), 1);
    const response = await fetch(b.url, {
      headers: { ...session.headers(), accept: 'text/event-stream', 'last-event-id': lastEventId },
    });
    expect(response.status).toBe(200);
    const reader = new SseReader(response);
    expect(await reader.next()).toMatchObject({ params: { progress: 2 } });
    await a.stop('SIGKILL');
    // No end marker will come: B neither ends the response nor invents an answer.
    await expect(reader.rest(PACED_INTERVAL_MS * (PACED_STEPS + 1))).rejects.toThrow(/in time/);
    await reader.cancel();
  });
});
