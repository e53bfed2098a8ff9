import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest, authEnv, connectClient, tokenFor } from '../support/admin-http.js';
import { availableTiers } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type HttpUpstream, startHttpUpstream } from '../support/upstream/http-upstream.js';
import { startTokenEndpoint, type TestTokenEndpoint } from '../support/upstream/token-endpoint.js';

/**
 * docs/federation.md "Credentials": with `token-exchange`, a proxied call reaches the upstream with
 * a token an RFC 8693 exchange issued for the caller's token, never the caller's token itself.
 */
describe.each(availableTiers())('federation with token exchange [%s]', (tier) => {
  let jwks: TestJwksServer;
  let endpoint: TestTokenEndpoint;
  let upstream: HttpUpstream;
  let app: TestApp;
  let aliceToken: string;

  beforeAll(async () => {
    jwks = await startJwksServer();
    endpoint = await startTokenEndpoint({ clientId: 'gateway', clientSecret: 'gateway-secret' });
    upstream = await startHttpUpstream({
      acceptAuthorization: (h) => endpoint.accepts(h),
      resources: [{ uri: 'fixture://notes', name: 'notes', text: 'Private notes.' }],
    });
    app = await startTestApp({
      tier,
      env: { ...authEnv(jwks), MCP_UPSTREAM_SECRET_KEY: randomBytes(32).toString('hex') },
    });
    const created = await adminRequest(
      app.origin,
      'POST',
      '/admin/api/upstreams',
      tokenFor(jwks, 'root', ['admin']),
      {
        name: 'fx',
        transport: 'streamable-http',
        url: upstream.url,
        auth: {
          type: 'token-exchange',
          tokenUrl: endpoint.url,
          clientId: 'gateway',
          clientSecret: 'gateway-secret',
        },
      },
    );
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('gateway-secret');
    aliceToken = tokenFor(jwks, 'alice', []);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await upstream?.close();
    await endpoint?.close();
    await jwks?.close();
  });

  it('should exchange the caller token and send only the exchanged one upstream', async () => {
    const { client } = await connectClient(app.url, aliceToken);
    const result = await client.callTool({ name: 'fx__echo', arguments: { who: 'alice' } });
    const read = await client.readResource({ uri: 'mcp-upstream://fx/fixture://notes' });
    await client.close();
    expect(result.isError).toBeFalsy();
    expect(read.contents).toEqual([expect.objectContaining({ text: 'Private notes.' })]);
    const exchanges = [...endpoint.issued.entries()].filter(
      ([, issued]) => issued.grantType === 'urn:ietf:params:oauth:grant-type:token-exchange',
    );
    // One exchange for alice, cached for her next request (the read).
    expect(exchanges.map(([, issued]) => issued.subjectToken)).toEqual([aliceToken]);
    const exchanged = exchanges[0]?.[0];
    expect(upstream.events.authorizations).toContain(`Bearer ${exchanged}`);
    expect(upstream.events.authorizations.join('\n')).not.toContain(aliceToken);
  });
});
