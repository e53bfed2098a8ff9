import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  adminRequest,
  authEnv,
  type ConnectedClient,
  connectClient,
  eventually,
  tokenFor,
} from '../support/admin-http.js';
import { type SpawnedServer, spawnServer } from '../support/spawn-server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ensureBuild } from '../support/ensure-build.js';
import { rpc } from '../support/json-rpc-http.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';

const run = promisify(execFile);
const VERIFY_CLI = resolve(import.meta.dirname, '../../dist/src/cli/audit-verify.js');

/**
 * Three app processes on one Postgres (docs/architecture.md "Multi-instance"): sessions, policy
 * changes, revocation and the audit chain must behave as one server whichever instance a request
 * reaches.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('three instances on one Postgres', () => {
  let database: TestDatabase;
  let jwks: TestJwksServer;
  let apps: SpawnedServer[];
  let admin: string;
  let analyst: string;
  let opened: ConnectedClient;
  let listener: ConnectedClient;

  const on = (index: number): SpawnedServer => apps[index] as SpawnedServer;
  const api = (index: number, method: string, path: string, body?: unknown) =>
    adminRequest(on(index).origin, method, `/admin/api${path}`, admin, body);
  const callEcho = (index: number, sessionId: string, id = 1) =>
    rpc(
      on(index).url,
      analyst,
      sessionId,
      'tools/call',
      {
        name: 'echo',
        arguments: { message: `via ${index}` },
      },
      id,
    );

  beforeAll(async () => {
    await ensureBuild();
    database = await createTestDatabase('postgres', { open: false });
    jwks = await startJwksServer();
    const env = { ...database.env, ...authEnv(jwks) };
    const spawn = () => spawnServer(env, { migrate: false });
    apps = await Promise.all([spawn(), spawn(), spawn()]);
    admin = tokenFor(jwks, 'root', ['admin']);
    analyst = tokenFor(jwks, 'alice', ['analyst']);
    opened = await connectClient(on(0).url, analyst);
    listener = await connectClient(on(2).url, analyst);
  }, 120_000);

  afterAll(async () => {
    await opened?.close().catch(() => undefined);
    await listener?.close().catch(() => undefined);
    await Promise.all((apps ?? []).map((app) => app.stop()));
    await jwks?.close();
    await database?.cleanup();
  });

  it('should serve a session opened on A through B and C', async () => {
    const sessionId = opened.transport.sessionId as string;
    for (const index of [1, 2]) {
      const reply = await callEcho(index, sessionId);
      expect(reply.status).toBe(200);
      expect(reply.result).toMatchObject({ content: [{ type: 'text', text: `via ${index}` }] });
    }
  });

  it('should apply a tool disabled through B on A and notify a client on C within a second', async () => {
    const sessionId = opened.transport.sessionId as string;
    const notified = listener.listChanged();
    const started = Date.now();
    const { status } = await api(1, 'PATCH', '/tools/echo', {
      expectedRevision: 0,
      enabled: false,
    });
    expect(status).toBe(200);
    await eventually(async () => (await callEcho(0, sessionId)).error !== undefined, 1000);
    await eventually(() => listener.listChanged() > notified, 1000);
    expect(Date.now() - started).toBeLessThan(1500);
    const refused = await callEcho(0, sessionId);
    expect(refused.error).toMatchObject({ code: -32602 });
    expect(refused.error?.message).toMatch(/Unknown tool/);
    expect((await listener.client.listTools()).tools.map((tool) => tool.name)).not.toContain(
      'echo',
    );

    expect(
      (await api(2, 'PATCH', '/tools/echo', { expectedRevision: 1, enabled: true })).status,
    ).toBe(200);
    await eventually(async () => (await callEcho(0, sessionId)).error === undefined, 1000);
  });

  it('should withhold a version rejected through B on A within a second, and serve it again once approved through C', async () => {
    const sessionId = opened.transport.sessionId as string;
    expect((await api(1, 'POST', '/tools/echo/versions/1.0.0/reject')).status).toBe(200);
    await eventually(async () => (await callEcho(0, sessionId)).error !== undefined, 1000);
    expect((await callEcho(0, sessionId)).error?.message).toMatch(/Unknown tool/);

    expect((await api(2, 'POST', '/tools/echo/versions/1.0.0/approve')).status).toBe(200);
    await eventually(async () => (await callEcho(0, sessionId)).error === undefined, 1000);
  });

  it('should keep one unbroken audit chain under concurrent calls on all three', async () => {
    const sessionId = opened.transport.sessionId as string;
    const calls = Array.from({ length: 90 }, (_, i) => callEcho(i % 3, sessionId, i + 10));
    const replies = await Promise.all(calls);
    expect(replies.every((reply) => reply.result !== undefined)).toBe(true);
    await eventually(async () => {
      const { body } = await api(0, 'GET', '/audit?tool=echo&outcome=success&limit=1000');
      return (body.records as unknown[]).length >= 92;
    }, 5000);
    const { body } = await api(1, 'GET', '/audit/verify');
    expect(body).toMatchObject({ ok: true, unchainedRows: 0 });
    // echo is read-only: one row per call (docs/architecture.md "The audit contract").
    expect(body.checkedRows).toBeGreaterThanOrEqual(92);
  });

  it('should revoke a session through C so that A and B refuse it', async () => {
    const other = await connectClient(on(0).url, analyst);
    const id = other.transport.sessionId as string;
    expect((await callEcho(1, id)).status).toBe(200);
    expect((await api(2, 'DELETE', `/sessions/${id}`)).status).toBe(200);
    await eventually(async () => (await callEcho(0, id)).status === 404, 1000);
    expect((await callEcho(1, id)).status).toBe(404);
    await other.close().catch(() => undefined);
  });

  it('should find a row tampered with by hand, through the API and npm run audit:verify', async () => {
    const superuser = new pg.Client({ connectionString: database.env.DATABASE_URL });
    await superuser.connect();
    let tampered: string;
    try {
      await superuser.query(`SET search_path TO "${database.env.DB_SCHEMA}"`);
      const { rows } = await superuser.query<{ id: string }>(
        `SELECT id FROM audit_log WHERE event = 'tool_call.completed' ORDER BY id OFFSET 20 LIMIT 1`,
      );
      tampered = (rows[0] as { id: string }).id;
      await superuser.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_refuse_update_delete');
      await superuser.query(`UPDATE audit_log SET subject = 'mallory' WHERE id = $1`, [tampered]);
      await superuser.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_refuse_update_delete');
    } finally {
      await superuser.end();
    }
    const { body } = await api(0, 'GET', '/audit/verify');
    expect(body).toMatchObject({
      ok: false,
      firstBroken: { id: tampered, reason: 'row_hash_mismatch' },
    });

    const cli = await run(process.execPath, [VERIFY_CLI], {
      env: { PATH: process.env.PATH ?? '', ...database.env },
    }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(cli.code).toBe(2);
    expect(cli.stdout).toContain(`BROKEN at row id ${tampered} (row_hash_mismatch)`);
  });
});
