import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  adminRequest,
  authEnv,
  type ConnectedClient,
  connectClient,
  tokenFor,
} from '../support/admin-http.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ensureBuild } from '../support/ensure-build.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { type SpawnedServer, spawnServer } from '../support/spawn-server.js';
import { type HttpUpstream, startHttpUpstream } from '../support/upstream/http-upstream.js';

/**
 * docs/federation.md "Several instances": two server processes on one Postgres serve the same
 * upstream catalogue, whichever instance the upstream was added on, and follow its changes and
 * an admin's changes together, telling their clients.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('federation on two instances', () => {
  let database: TestDatabase;
  let jwks: TestJwksServer;
  let upstream: HttpUpstream;
  let apps: SpawnedServer[];
  let admin: string;
  let clients: ConnectedClient[];

  const on = (index: number): SpawnedServer => apps[index] as SpawnedServer;
  const listed = async (index: number): Promise<Record<string, string | undefined>> => {
    const { tools } = await (clients[index] as ConnectedClient).client.listTools();
    return Object.fromEntries(
      tools.filter((tool) => tool.name.startsWith('fx__')).map((t) => [t.name, t.description]),
    );
  };

  beforeAll(async () => {
    await ensureBuild();
    database = await createTestDatabase('postgres', { open: false });
    jwks = await startJwksServer();
    upstream = await startHttpUpstream({
      tools: [{ name: 'echo', description: 'Returns its arguments.' }],
    });
    const env = { ...database.env, ...authEnv(jwks) };
    apps = [await spawnServer(env), await spawnServer(env, { migrate: false })];
    admin = tokenFor(jwks, 'root', ['admin']);
    const user = tokenFor(jwks, 'alice', []);
    clients = await Promise.all(apps.map((app) => connectClient(app.url, user)));
  }, 180_000);

  afterAll(async () => {
    await Promise.all((clients ?? []).map((client) => client.close().catch(() => undefined)));
    await Promise.all((apps ?? []).map((app) => app.stop()));
    await upstream?.close();
    await jwks?.close();
    await database?.cleanup();
  });

  it('should serve an upstream added on one instance on the other, and tell its clients', async () => {
    const created = await adminRequest(on(0).origin, 'POST', '/admin/api/upstreams', admin, {
      name: 'fx',
      transport: 'streamable-http',
      url: upstream.url,
    });
    expect(created.status).toBe(201);
    await expect
      .poll(() => listed(1), { timeout: 10_000 })
      .toEqual({
        fx__echo: 'Returns its arguments.',
      });
    expect(await listed(0)).toEqual(await listed(1));
    await expect
      .poll(() => clients[1]?.listChanged('tools'), { timeout: 5_000 })
      .toBeGreaterThan(0);
    const result = await clients[1]?.client.callTool({ name: 'fx__echo', arguments: { b: 2 } });
    expect(result?.structuredContent).toEqual({ b: 2 });
  });

  it('should follow an upstream change on both instances', async () => {
    await upstream.setToolDescription('echo', 'Returns its arguments as they came.');
    for (const index of [0, 1]) {
      await expect
        .poll(() => listed(index), { timeout: 10_000 })
        .toEqual({ fx__echo: 'Returns its arguments as they came.' });
    }
  });

  it('should stop serving on both instances when an admin disables it on one', async () => {
    const disabled = await adminRequest(on(1).origin, 'PATCH', '/admin/api/upstreams/fx', admin, {
      enabled: false,
    });
    expect(disabled.status).toBe(200);
    for (const index of [0, 1]) {
      await expect.poll(() => listed(index), { timeout: 10_000 }).toEqual({});
    }
  });
});
