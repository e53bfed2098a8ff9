import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { adminRequest, type JsonResponse } from './admin-http.js';
import { launchChromium, type WatchedPage, watchedPage } from './browser.js';
import { DASHBOARD_ARTIFACTS, signInAsDevAdmin } from './dashboard-page.js';
import type { DatabaseTier } from './database.js';
import { devTokenFor } from './dev-issuer-tokens.js';
import { ensureBuild } from './ensure-build.js';
import { startTestApp, type TestApp } from './test-app.js';
import { type HttpUpstream, startHttpUpstream } from './upstream/http-upstream.js';
import { startTokenEndpoint, type TestTokenEndpoint } from './upstream/token-endpoint.js';

/** The upstream's static credential, typed into the forms' write-only field. */
export const UPSTREAM_CREDENTIAL = 'Bearer dashboard-upstream-credential';
/** The OAuth client this server is at {@link UpstreamsDashboard.tokens}. */
export const OAUTH_CLIENT = {
  clientId: 'dashboard-client',
  clientSecret: 'dashboard-client-secret',
};

/**
 * What the Upstreams page's browser tests drive: the server (dev issuer, a secret key, upstream
 * definitions waiting for approval), a real SDK upstream accepting {@link UPSTREAM_CREDENTIAL} or
 * a token of the test token endpoint, and Chromium signed in as the development admin.
 */
export interface UpstreamsDashboard {
  readonly app: TestApp;
  readonly upstream: HttpUpstream;
  readonly tokens: TestTokenEndpoint;
  readonly browser: Browser;
  readonly watched: WatchedPage;
  readonly page: Page;
  /** An admin token of the API itself (subject `api-check`), to check what the page did. */
  readonly adminToken: string;
  /** `GET /admin/api/upstreams/{name}`. */
  upstreamState(name: string): Promise<JsonResponse>;
  /** A full-page screenshot into test-artifacts/dashboard, named `<tier>-<name>.png`. */
  screenshot(name: string): Promise<unknown>;
  close(): Promise<void>;
}

export async function startUpstreamsDashboard(tier: DatabaseTier): Promise<UpstreamsDashboard> {
  await ensureBuild();
  mkdirSync(DASHBOARD_ARTIFACTS, { recursive: true });
  const tokens = await startTokenEndpoint(OAUTH_CLIENT);
  const upstream = await startHttpUpstream({
    acceptAuthorization: (header) => header === UPSTREAM_CREDENTIAL || tokens.accepts(header),
    prompts: [{ name: 'brief', description: 'Briefs the user.', text: 'Brief me.' }],
  });
  const app = await startTestApp({
    tier,
    env: {
      AUTH_DEV_ISSUER: 'true',
      MCP_UPSTREAM_SECRET_KEY: randomBytes(32).toString('base64'),
      // An upstream's definitions wait for an admin, so the panel has pending ones to show.
      MCP_TOOL_APPROVAL: 'required',
    },
  });
  const adminToken = await devTokenFor(app.config, 'api-check', ['admin']);
  const browser = await launchChromium();
  const watched = await watchedPage(browser, app.origin);
  const { page } = watched;
  await signInAsDevAdmin(page, app.origin);
  return {
    app,
    upstream,
    tokens,
    browser,
    watched,
    page,
    adminToken,
    upstreamState: (name) =>
      adminRequest(app.origin, 'GET', `/admin/api/upstreams/${name}`, adminToken),
    screenshot: (name) =>
      page.screenshot({ path: join(DASHBOARD_ARTIFACTS, `${tier}-${name}.png`), fullPage: true }),
    close: async () => {
      await browser.close();
      await app.close();
      await upstream.close();
      await tokens.close();
    },
  };
}
