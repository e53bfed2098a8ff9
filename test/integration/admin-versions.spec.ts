import { afterAll, beforeAll, expect, it } from 'vitest';

import { openDatabase } from '../../src/persistence/open-database.js';
import { pgPoolOf } from '../../src/persistence/pg-pool.js';
import {
  adminRequest,
  authEnv,
  type ConnectedClient,
  connectClient,
  tokenFor,
} from '../support/admin-http.js';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Drift: a deployment whose definition of `echo` differs from the approved one, under
 * MCP_TOOL_APPROVAL=required, must not serve it until an admin approves it; the new definition is
 * recorded and audited either way.
 */
describeEachDatabase('tool versions and drift', (tier) => {
  let database: TestDatabase;
  let jwks: TestJwksServer;
  let app: TestApp;
  let admin: string;
  let client: ConnectedClient;
  const api = (method: string, path: string, body?: unknown) =>
    adminRequest(app.origin, method, `/admin/api${path}`, admin, body);
  const served = async (): Promise<string[]> =>
    (await client.client.listTools()).tools.map((tool) => tool.name);

  beforeAll(async () => {
    database = await createTestDatabase(tier, { open: false });
    jwks = await startJwksServer();
    admin = tokenFor(jwks, 'root', ['admin']);
    // First deployment: every definition is seen for the first time and approved automatically.
    const first = await startTestApp({ tier, database, env: authEnv(jwks) });
    await first.close();
    // The approved definition of echo had another hash: the code changed it since.
    const owner = await openDatabase(database.config);
    try {
      await pgPoolOf(owner.dataSource).query(
        `UPDATE tool_versions SET definition_sha256 = repeat('e', 64) WHERE name = 'echo'`,
      );
    } finally {
      await owner.close();
    }
    app = await startTestApp({
      tier,
      database,
      env: { ...authEnv(jwks), MCP_TOOL_APPROVAL: 'required' },
    });
    client = await connectClient(app.url, tokenFor(jwks, 'alice', ['analyst']));
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await jwks?.close();
    await database?.cleanup();
  });

  it('should withhold the changed definition and serve the unchanged tools', async () => {
    expect(await served()).toEqual(expect.arrayContaining(['current_time']));
    expect(await served()).not.toContain('echo');
    const { body } = await api('GET', '/tools/echo');
    expect(body).toMatchObject({ effective: 'withheld', withheld: 'pending_approval' });
    const versions = body.versions as {
      definitionSha256: string;
      status: string;
      declared: boolean;
    }[];
    expect(versions).toEqual([
      expect.objectContaining({
        definitionSha256: 'e'.repeat(64),
        status: 'approved',
        declared: false,
      }),
      expect.objectContaining({ status: 'pending', declared: true, served: false }),
    ]);
  });

  it('should audit the newly recorded definition', async () => {
    const { body } = await api('GET', '/audit?event=registry.change&tool=echo');
    const records = body.records as { action: string; changeAfter: { status: string } }[];
    expect(records.map((record) => [record.action, record.changeAfter.status])).toEqual([
      ['tool_version.recorded', 'pending'],
      ['tool_version.recorded', 'approved'],
    ]);
  });

  it('should serve it once approved, audit the approval and refuse a second one', async () => {
    const approved = await api('POST', '/tools/echo/versions/1.0.0/approve');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ effective: 'served', servedVersion: '1.0.0' });
    expect(await served()).toContain('echo');
    expect((await api('POST', '/tools/echo/versions/1.0.0/approve')).status).toBe(409);
    const { body } = await api('GET', '/audit?event=admin.change&limit=1');
    expect(body.records).toEqual([
      expect.objectContaining({
        action: 'tool_version.approve',
        target: 'echo@1.0.0',
        changeBefore: expect.objectContaining({ status: 'pending' }),
        changeAfter: expect.objectContaining({ status: 'approved', decidedBy: 'root' }),
      }),
    ]);
  });

  it('should stop serving a rejected definition', async () => {
    expect((await api('POST', '/tools/echo/versions/1.0.0/reject')).status).toBe(200);
    expect(await served()).not.toContain('echo');
    expect((await api('GET', '/tools/echo')).body).toMatchObject({ withheld: 'rejected' });
  });
});
