import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DELETE_TOOL, DestructiveToolsModule } from '../fixtures/destructive-tools.module.js';
import { adminRequest, type ConnectedClient, connectClient } from '../support/admin-http.js';
import { launchChromium, type WatchedPage, watchedPage } from '../support/browser.js';
import { DASHBOARD_ARTIFACTS } from '../support/dashboard-page.js';
import { availableTiers } from '../support/database.js';
import { ensureBuild } from '../support/ensure-build.js';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const AUDIENCE = 'urn:test:mcp';
/** The sign-in round trip (page, issuer, back, code exchange, first page) on a local machine. */
const SIGNED_IN_WITHIN_MS = 3000;

/**
 * The dashboard's sign-in through the configured issuer (README "The admin dashboard") in
 * Debian's Chromium, against a small real OpenID provider (test/support/oidc-provider.ts): the
 * authorization code flow with PKCE, a forged answer refused, and a user who is an approver but
 * not an admin, who can decide queued calls and is told plainly what the other pages need.
 */
describe.each(availableTiers())(
  'dashboard sign-in through an OpenID provider in Chromium [%s]',
  (tier) => {
    let provider: TestOidcProvider;
    let app: TestApp;
    let browser: Browser;
    const pages: WatchedPage[] = [];
    const clients: ConnectedClient[] = [];
    const signInMs: Record<string, number> = {};

    const newPage = async () => {
      const watched = await watchedPage(browser, app.origin, [provider.issuer]);
      pages.push(watched);
      return watched.page;
    };
    const signIn = async (user: { sub: string; roles: string[] }, landing: string) => {
      provider.user = user;
      const page = await newPage();
      await page.goto(`${app.origin}/admin/`);
      const button = page.getByRole('button', { name: /^Sign in with 127\.0\.0\.1:\d+$/ });
      await button.waitFor();
      const started = Date.now();
      await button.click();
      await page.getByRole('heading', { level: 1, name: landing }).waitFor();
      signInMs[user.sub] = Date.now() - started;
      return page;
    };
    const screenshot = (page: Awaited<ReturnType<typeof newPage>>, name: string) =>
      page.screenshot({ path: join(DASHBOARD_ARTIFACTS, `${tier}-${name}.png`), fullPage: true });

    beforeAll(async () => {
      await ensureBuild();
      mkdirSync(DASHBOARD_ARTIFACTS, { recursive: true });
      provider = await startOidcProvider();
      app = await startTestApp({
        tier,
        env: {
          AUTH_ISSUER: provider.issuer,
          AUTH_JWKS_URI: provider.jwksUri,
          AUTH_AUDIENCE: AUDIENCE,
          MCP_DASHBOARD_CLIENT_ID: provider.clientId,
        },
        extraImports: [DestructiveToolsModule],
      });
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
      await browser?.close();
      await app?.close();
      await provider?.close();
      console.log(
        `dashboard sign-in through the issuer [${tier}], ms: ${JSON.stringify(signInMs)}`,
      );
    });

    it('should sign an admin in with the authorization code and PKCE, the token in the tab only', async () => {
      const page = await signIn({ sub: 'olivia', roles: ['admin', 'approver'] }, 'Overview');
      expect(page.url()).toBe(`${app.origin}/admin/`);
      await page.getByText('olivia (admin, approver)').waitFor();
      expect(provider.requests).toEqual(expect.arrayContaining(['GET /authorize', 'POST /token']));
      const storage = await page.evaluate(() => {
        const { sessionStorage, localStorage } = globalThis as unknown as {
          sessionStorage: { getItem(key: string): string | null; length: number };
          localStorage: { length: number };
        };
        return {
          token: sessionStorage.getItem('mcp-admin-token'),
          pending: sessionStorage.getItem('mcp-oidc-pending'),
          local: localStorage.length,
        };
      });
      expect(storage).toMatchObject({ pending: null, local: 0 });
      expect(storage.token?.split('.')).toHaveLength(3);
      expect(signInMs.olivia).toBeLessThan(SIGNED_IN_WITHIN_MS);
    });

    it('should refuse an answer to a sign-in this tab did not start (state mismatch)', async () => {
      const page = await newPage();
      const exchanges = provider.requests.filter((r) => r === 'POST /token').length;
      await page.goto(`${app.origin}/admin/?code=stolen&state=forged`);
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toMatch(/state mismatch.*Sign in again/s);
      expect(page.url()).toBe(`${app.origin}/admin/`);
      expect(provider.requests.filter((r) => r === 'POST /token').length).toBe(exchanges);
      await screenshot(page, 'sign-in-refused');
    });

    it('should let an approver who is not an admin decide queued calls, and say what the rest needs', async () => {
      const alice = await connectClient(
        app.url,
        await provider.accessToken({ sub: 'alice', roles: [] }, AUDIENCE),
      );
      clients.push(alice);
      await alice.client.callTool({
        name: DELETE_TOOL,
        arguments: { id: 'doc-7', reason: 'gdpr' },
      });
      const page = await signIn({ sub: 'avery', roles: ['approver'] }, 'Approvals');
      const card = page.getByRole('listitem').filter({ hasText: '"doc-7"' });
      await screenshot(page, 'approver-approvals');
      await card.getByRole('button', { name: `Approve ${DELETE_TOOL}` }).click();
      const admin = await provider.accessToken(
        { sub: 'root', roles: ['admin', 'approver'] },
        AUDIENCE,
      );
      await expect
        .poll(async () => {
          const { body } = await adminRequest(app.origin, 'GET', '/admin/api/approvals', admin);
          return (body.approvals as { status: string; arguments: { id: string } }[]).find(
            (approval) => approval.arguments.id === 'doc-7',
          )?.status;
        })
        .toBe('executed');
      // From the keyboard alone, to a page it may not use: it says so instead of failing.
      await page.locator('body').focus();
      for (let tabs = 0; tabs < 30; tabs += 1) {
        await page.keyboard.press('Tab');
        if ((await page.locator(':focus').textContent()) === 'Tools') break;
      }
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Tools' }).waitFor();
      await page.getByText('Tools needs role admin.').waitFor();
      expect(await page.getByRole('note').textContent()).toMatch(/roles approver/);
      await screenshot(page, 'approver-tools');
    });

    it('should have sent no request off the origin but to the issuer, and logged no console error', () => {
      for (const watched of pages) {
        expect(watched.foreignRequests).toEqual([]);
        expect(watched.errors).toEqual([]);
      }
    });
  },
  60_000,
);
