import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest, authEnv, connectClient, tokenFor } from '../support/admin-http.js';
import { availableTiers, createTestDatabase, type TestDatabase } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type HttpUpstream, startHttpUpstream } from '../support/upstream/http-upstream.js';

/**
 * docs/federation.md "Health": an upstream that is down when the server starts keeps its last
 * approved tools listed, answering "unavailable", instead of vanishing; they work once it is back.
 */
describe.each(availableTiers())('an upstream down at boot [%s]', (tier) => {
  let database: TestDatabase;
  let jwks: TestJwksServer;
  let upstream: HttpUpstream;
  let app: TestApp | undefined;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase(tier, { open: false });
    jwks = await startJwksServer();
    upstream = await startHttpUpstream();
    const env = { ...authEnv(jwks), MCP_UPSTREAM_TIMEOUT_MS: '2000' };
    const first = await startTestApp({ tier, database, env });
    const admin = tokenFor(jwks, 'root', ['admin']);
    const created = await adminRequest(first.origin, 'POST', '/admin/api/upstreams', admin, {
      name: 'fx',
      transport: 'streamable-http',
      url: upstream.url,
    });
    expect(created.status).toBe(201);
    await first.close();
    await upstream.stop();
    app = await startTestApp({ tier, database, env });
    client = (await connectClient(app.url, tokenFor(jwks, 'alice', []))).client;
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await upstream?.close();
    await jwks?.close();
    await database?.cleanup();
  });

  it('should list the last approved tools and answer them unavailable, then serve them again', async () => {
    const names = async () => (await client.listTools()).tools.map((tool) => tool.name);
    await expect.poll(names, { timeout: 10_000 }).toContain('fx__echo');
    const down = await client.callTool({ name: 'fx__echo', arguments: {} });
    expect(down.isError).toBe(true);
    expect(JSON.stringify(down.content)).toMatch(/upstream \\"fx\\" is unavailable/);
    await upstream.start();
    // The failures at boot opened the upstream's circuit: it lets a probe through after
    // breakerOpenMs (30 s by default, docs/federation-client.md).
    await expect
      .poll(
        async () => (await client.callTool({ name: 'fx__echo', arguments: { x: 1 } })).isError,
        { timeout: 45_000, interval: 1_000 },
      )
      .toBeFalsy();
  }, 60_000);
});
