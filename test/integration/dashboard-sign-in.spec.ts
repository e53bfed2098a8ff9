import { createHash, randomBytes } from 'node:crypto';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { loadConfig } from '../../src/config/app-config.js';
import { adminRequest } from '../support/admin-http.js';
import { describeEachDatabase } from '../support/database.js';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const AUDIENCE = 'urn:test:mcp';

/**
 * The dashboard's sign-in through the configured issuer (README "The admin dashboard"), without
 * a browser: the offer, the issuer's redirect with a code, and the code exchange the server
 * relays, with PKCE checked by a real provider (test/support/oidc-provider.ts).
 */
describeEachDatabase('dashboard sign-in through the issuer', (tier) => {
  let provider: TestOidcProvider;
  let app: TestApp;

  /** What the browser does: go to the issuer with a challenge, come back with a code. */
  const authorize = async (verifier: string) => {
    const { offer } = (await (await fetch(`${app.origin}/auth/dashboard/sign-in`)).json()) as {
      offer: { authorizationEndpoint: string; clientId: string; resource: string };
    };
    const { authorizationEndpoint, clientId, resource } = offer;
    const url = new URL(authorizationEndpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: `${app.origin}/admin/`,
      state: 's',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      resource,
    }).toString();
    const back = await fetch(url, { redirect: 'manual' });
    return new URL(back.headers.get('location') ?? '').searchParams.get('code') ?? '';
  };
  const exchange = (body: unknown) =>
    adminRequest(app.origin, 'POST', '/auth/dashboard/token', undefined, body);

  beforeAll(async () => {
    provider = await startOidcProvider();
    app = await startTestApp({
      tier,
      env: {
        AUTH_ISSUER: provider.issuer,
        AUTH_JWKS_URI: provider.jwksUri,
        AUTH_AUDIENCE: AUDIENCE,
        MCP_DASHBOARD_CLIENT_ID: provider.clientId,
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await provider?.close();
  });

  it("should offer the issuer's discovered authorization endpoint and the client", async () => {
    const response = await fetch(`${app.origin}/auth/dashboard/sign-in`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      offer: {
        issuer: provider.issuer,
        clientId: provider.clientId,
        authorizationEndpoint: `${provider.issuer}/authorize`,
        scope: 'openid',
        resource: AUDIENCE,
      },
      devSignIn: false,
    });
    expect(provider.requests).toContain('GET /.well-known/openid-configuration');
  });

  it('should trade a code and its verifier for an access token the admin API accepts', async () => {
    provider.user = { sub: 'olivia', roles: ['admin'] };
    const verifier = randomBytes(32).toString('base64url');
    const code = await authorize(verifier);
    const { status, body } = await exchange({
      code,
      codeVerifier: verifier,
      redirectUri: `${app.origin}/admin/`,
    });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['accessToken']);
    const tools = await adminRequest(
      app.origin,
      'GET',
      '/admin/api/tools',
      String(body.accessToken),
    );
    expect(tools.status).toBe(200);
  });

  it("should pass on the issuer's refusal of a wrong verifier and of a used code", async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await authorize(verifier);
    const wrong = await exchange({
      code,
      codeVerifier: randomBytes(32).toString('base64url'),
      redirectUri: `${app.origin}/admin/`,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/refused the sign-in \(invalid_grant/);
    const again = await exchange({
      code,
      codeVerifier: verifier,
      redirectUri: `${app.origin}/admin/`,
    });
    expect(again.status).toBe(400);
    expect(provider.refusals).toEqual(['invalid_grant', 'invalid_grant']);
  });

  it('should refuse a malformed exchange before asking the issuer', async () => {
    const before = provider.requests.length;
    const { status, body } = await exchange({ code: '', codeVerifier: 'short', redirectUri: 'x' });
    expect(status).toBe(400);
    expect(body.message).toMatch(/code must be.*codeVerifier must be.*redirectUri must be/);
    expect(provider.requests.length).toBe(before);
  });

  it('should offer nothing, and exchange nothing, on a server without an issuer sign-in', async () => {
    const plain = await startTestApp({ tier, env: { AUTH_DEV_ISSUER: 'true' } });
    try {
      const offer = await fetch(`${plain.origin}/auth/dashboard/sign-in`);
      expect([offer.status, await offer.json()]).toEqual([200, { offer: null, devSignIn: true }]);
      const verifier = randomBytes(32).toString('base64url');
      const exchanged = await adminRequest(
        plain.origin,
        'POST',
        '/auth/dashboard/token',
        undefined,
        {
          code: 'c',
          codeVerifier: verifier,
          redirectUri: `${plain.origin}/admin/`,
        },
      );
      expect(exchanged.status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('should refuse MCP_DASHBOARD_CLIENT_ID without an issuer at start', () => {
    expect(() => loadConfig({ MCP_DASHBOARD_CLIENT_ID: 'x', AUTH_DEV_ISSUER: 'true' })).toThrow(
      /MCP_DASHBOARD_CLIENT_ID needs AUTH_ISSUER/,
    );
  });
});
