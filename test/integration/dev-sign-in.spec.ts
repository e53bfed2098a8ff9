import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest, authEnv } from '../support/admin-http.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { rawHttpExchange } from '../support/raw-http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The dashboard's one-click development sign-in (README "The admin dashboard"). */
describe('development sign-in', () => {
  let devApp: TestApp;
  let jwks: TestJwksServer;
  let issuerApp: TestApp;

  beforeAll(async () => {
    devApp = await startTestApp({ env: { AUTH_DEV_ISSUER: 'true' } });
    jwks = await startJwksServer();
    issuerApp = await startTestApp({ env: authEnv(jwks) });
  }, 120_000);

  afterAll(async () => {
    await devApp?.close();
    await issuerApp?.close();
    await jwks?.close();
  });

  it('should mint an admin and approver token the admin API accepts', async () => {
    const offer = await adminRequest(devApp.origin, 'GET', '/auth/dev/sign-in', undefined);
    expect(offer.status).toBe(200);
    expect(offer.body).toEqual({
      subject: 'dev-admin',
      roles: ['admin', 'approver'],
      ttlSeconds: 3600,
    });
    const minted = await adminRequest(devApp.origin, 'POST', '/auth/dev/sign-in', undefined);
    expect(minted.status).toBe(200);
    expect(minted.headers.get('cache-control')).toBe('no-store');
    const token = minted.body.accessToken as string;
    const tools = await adminRequest(devApp.origin, 'GET', '/admin/api/tools', token);
    expect(tools.status).toBe(200);
    const approvals = await adminRequest(devApp.origin, 'GET', '/admin/api/approvals', token);
    expect(approvals.status).toBe(200);
  });

  it('should refuse a request whose Host is not a loopback name (DNS rebinding)', async () => {
    const port = new URL(devApp.origin).port;
    for (const method of ['GET', 'POST']) {
      const refused = await rawHttpExchange(
        devApp.origin,
        `${method} /auth/dev/sign-in HTTP/1.1\r\nHost: attacker.example:${port}\r\n` +
          'Content-Length: 0\r\nConnection: close\r\n\r\n',
      );
      expect(refused.head).toMatch(/^HTTP\/1\.1 403 /);
      expect(refused.body).not.toContain('accessToken');
    }
  });

  it('should not exist without the development issuer', async () => {
    for (const method of ['GET', 'POST']) {
      const missing = await adminRequest(issuerApp.origin, method, '/auth/dev/sign-in', undefined);
      expect(missing.status).toBe(404);
    }
  });
});
