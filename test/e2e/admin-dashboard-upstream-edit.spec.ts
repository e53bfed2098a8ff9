import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest } from '../support/admin-http.js';
import { watchedPage } from '../support/browser.js';
import {
  DASHBOARD_ARTIFACTS,
  EXPECTED_REFUSAL,
  openDashboardPage,
  signInAsDevAdmin,
} from '../support/dashboard-page.js';
import {
  OAUTH_CLIENT,
  startUpstreamsDashboard,
  UPSTREAM_CREDENTIAL,
  type UpstreamsDashboard,
} from '../support/dashboard-upstreams.js';
import { availableTiers } from '../support/database.js';
import { devTokenFor } from '../support/dev-issuer-tokens.js';
import { startTestApp } from '../support/test-app.js';
import type { HttpUpstream } from '../support/upstream/http-upstream.js';
import type { TestTokenEndpoint } from '../support/upstream/token-endpoint.js';

/**
 * Editing an upstream on the dashboard's Upstreams page (README "The admin dashboard",
 * docs/federation.md "Admin API"), in Debian's Chromium against the real server, a real SDK
 * upstream and a real token endpoint: settings changed with the stored secret kept, the credential
 * replaced only with its secret typed again, a stale revision refused and explained, and an
 * upstream of MCP_UPSTREAMS_FILE shown read-only. Every change is checked through the admin API.
 */
describe.each(availableTiers())(
  'admin dashboard: editing upstreams in Chromium [%s]',
  (tier) => {
    let dashboard: UpstreamsDashboard;
    let page: Page;
    let upstream: HttpUpstream;
    let tokens: TestTokenEndpoint;
    const upstreamState = (name: string) => dashboard.upstreamState(name);

    beforeAll(async () => {
      dashboard = await startUpstreamsDashboard(tier);
      ({ page, upstream, tokens } = dashboard);
      const created = await adminRequest(
        dashboard.app.origin,
        'POST',
        '/admin/api/upstreams',
        dashboard.adminToken,
        {
          name: 'fx',
          transport: 'streamable-http',
          url: upstream.url,
          auth: { type: 'header', name: 'Authorization', value: UPSTREAM_CREDENTIAL },
        },
      );
      if (created.status !== 201) throw new Error(`fx not created: ${created.status}`);
      await openDashboardPage(page, 'Upstreams');
    }, 120_000);

    afterAll(async () => {
      await dashboard?.close();
    });

    it('should edit the upstream and keep its stored secret when no credential is chosen', async () => {
      const before = upstream.events.authorizations.length;
      await page.getByRole('button', { name: 'Edit fx' }).click();
      const form = page.getByRole('region', { name: /Edit upstream fx/ });
      await form.getByRole('heading', { name: 'Edit upstream fx (revision 1)' }).waitFor();
      expect(await page.getByRole('region', { name: 'Add upstream' }).count()).toBe(0);
      expect(await form.getByLabel('Credential type').inputValue()).toBe('keep');
      expect(await form.getByLabel('URL').inputValue()).toBe(upstream.url);
      expect(await form.locator('input[type=password]').count()).toBe(0);
      expect(await form.getByLabel('Enabled').isChecked()).toBe(true);
      // Another transport and URL of the same upstream, its credential left alone.
      await form.getByLabel('Transport').selectOption('sse');
      await form.getByLabel('URL').fill(upstream.sseUrl);
      await form.getByRole('button', { name: 'Save fx' }).click();
      await page.getByRole('region', { name: 'Add upstream' }).waitFor();
      await expect
        .poll(async () => (await upstreamState('fx')).body)
        .toMatchObject({
          transport: 'sse',
          url: upstream.sseUrl,
          revision: 2,
          auth: { type: 'header', name: 'Authorization', secretConfigured: true },
          health: { state: 'up' },
        });
      // The stored secret is the one the upstream still gets.
      expect(upstream.events.authorizations.slice(before)).toContain(UPSTREAM_CREDENTIAL);
    });

    it('should change the credential to client credentials only with its secret typed again', async () => {
      await page.getByRole('button', { name: 'Edit fx' }).click();
      const form = page.getByRole('region', { name: /Edit upstream fx/ });
      await form.getByLabel('Credential type').selectOption('client-credentials');
      await form.getByLabel('Token endpoint URL').fill(tokens.url);
      await form.getByLabel('Client ID').fill(OAUTH_CLIENT.clientId);
      await form.getByLabel('Scope (optional)').fill('tools:call');
      await form.getByRole('button', { name: 'Save fx' }).click();
      // An empty secret is no secret: the form refuses to send it and says why.
      const secret = form.getByLabel('Client secret (write-only)');
      expect(await form.locator('#upstream-clientSecret:invalid').count()).toBe(1);
      await form.getByText('the stored secret is never shown').waitFor();
      expect((await upstreamState('fx')).body).toMatchObject({ revision: 2 });
      await dashboard.screenshot('upstream-edit');

      await secret.fill(OAUTH_CLIENT.clientSecret);
      await form.getByRole('button', { name: 'Save fx' }).click();
      await page.getByRole('region', { name: 'Add upstream' }).waitFor();
      const changed = await upstreamState('fx');
      expect(changed.body).toMatchObject({
        revision: 3,
        auth: {
          type: 'client-credentials',
          tokenUrl: tokens.url,
          clientId: OAUTH_CLIENT.clientId,
          scope: 'tools:call',
          secretConfigured: true,
        },
      });
      expect(JSON.stringify(changed.body)).not.toContain(OAUTH_CLIENT.clientSecret);
      await expect
        .poll(async () => (await upstreamState('fx')).body.health)
        .toMatchObject({ state: 'up' });
      expect(tokens.requests).toContainEqual(
        expect.objectContaining({ grant_type: 'client_credentials', scope: 'tools:call' }),
      );
    });

    it('should change the credential to a token exchange, its OAuth fields prefilled, and replace the headers', async () => {
      await page.getByRole('button', { name: 'Edit fx' }).click();
      const form = page.getByRole('region', { name: /Edit upstream fx/ });
      await form.getByLabel('Credential type').selectOption('token-exchange');
      expect(await form.getByLabel('Token endpoint URL').inputValue()).toBe(tokens.url);
      expect(await form.getByLabel('Client ID').inputValue()).toBe(OAUTH_CLIENT.clientId);
      expect(await form.getByLabel('Client secret (write-only)').inputValue()).toBe('');
      await form.getByLabel('Client secret (write-only)').fill(OAUTH_CLIENT.clientSecret);
      await form.getByLabel('Audience (optional)').fill('fixture-upstream');
      await form.getByText('Stored headers: none').waitFor();
      await form.getByLabel('Replace the stored headers').check();
      await form.getByLabel(/^Static headers/).fill('X-Tenant: acme');
      await form.getByRole('button', { name: 'Save fx' }).click();
      await page.getByRole('region', { name: 'Add upstream' }).waitFor();
      const changed = await upstreamState('fx');
      expect(changed.body).toMatchObject({
        revision: 4,
        headers: [{ name: 'X-Tenant', configured: true }],
        auth: { type: 'token-exchange', audience: 'fixture-upstream', secretConfigured: true },
      });
      expect(JSON.stringify(changed.body)).not.toContain('acme');
    });

    it('should say so when the upstream changed since its form opened, save nothing, and start again from the current revision', async () => {
      await page.getByRole('button', { name: 'Edit fx' }).click();
      const form = page.getByRole('region', { name: /Edit upstream fx/ });
      await form.getByRole('heading', { name: 'Edit upstream fx (revision 4)' }).waitFor();
      await form.getByText('Stored headers: X-Tenant (values never shown)').waitFor();
      const elsewhere = await adminRequest(
        dashboard.app.origin,
        'PATCH',
        '/admin/api/upstreams/fx',
        dashboard.adminToken,
        {
          timeoutMs: 20_000,
          expectedRevision: 4,
        },
      );
      expect(elsewhere.status).toBe(200);
      await form.getByLabel('URL').fill(`${upstream.sseUrl}?stale=1`);
      await form.getByRole('button', { name: 'Save fx' }).click();
      const alert = form.getByRole('alert');
      await expect
        .poll(() => alert.textContent())
        .toMatch(
          /^409: fx was changed by api-check since you opened it \(revision 4, now 5\): nothing was saved/,
        );
      expect((await upstreamState('fx')).body).toMatchObject({ revision: 5, url: upstream.sseUrl });
      await dashboard.screenshot('upstream-stale');
      await form.getByRole('button', { name: 'Start again from revision 5' }).click();
      await form.getByRole('heading', { name: 'Edit upstream fx (revision 5)' }).waitFor();
      expect(await form.getByLabel('URL').inputValue()).toBe(upstream.sseUrl);
      await form.getByRole('button', { name: 'Cancel editing' }).click();
      await page.getByRole('region', { name: 'Add upstream' }).waitFor();
    });

    it('should mark a file-managed upstream and offer no change of it, saying why', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'dashboard-upstreams-file-'));
      const file = join(folder, 'upstreams.yaml');
      writeFileSync(
        file,
        `upstreams:\n  - name: gitops\n    transport: streamable-http\n    url: ${upstream.url}\n`,
      );
      const managed = await startTestApp({
        tier,
        env: { AUTH_DEV_ISSUER: 'true', MCP_UPSTREAMS_FILE: file },
      });
      const other = await watchedPage(dashboard.browser, managed.origin);
      try {
        await signInAsDevAdmin(other.page, managed.origin);
        await openDashboardPage(other.page, 'Upstreams');
        const row = other.page.getByRole('row').filter({ hasText: 'gitops' });
        await row.getByText('managed by file').waitFor();
        const reason = 'Managed by MCP_UPSTREAMS_FILE: change the file instead.';
        for (const control of [
          other.page.getByRole('switch', { name: 'Enable gitops' }),
          other.page.getByRole('button', { name: 'Edit gitops' }),
          other.page.getByRole('button', { name: 'Delete gitops' }),
        ]) {
          expect(await control.isDisabled()).toBe(true);
          expect(await control.getAttribute('title')).toBe(reason);
        }
        const described = other.page.getByRole('button', { name: 'Edit gitops' });
        expect(await described.getAttribute('aria-describedby')).toBe('managed-by-file-gitops');
        await other.page.getByRole('button', { name: 'Inspect gitops' }).click();
        const panel = other.page.getByRole('region', { name: /Upstream gitops/ });
        await panel.getByText(reason).waitFor();
        await panel.getByText('managed by file').waitFor();
        await other.page.screenshot({
          path: join(DASHBOARD_ARTIFACTS, `${tier}-upstreams-file-managed.png`),
          fullPage: true,
        });
        const state = await adminRequest(
          managed.origin,
          'GET',
          '/admin/api/upstreams/gitops',
          await devTokenFor(managed.config, 'api-check', ['admin']),
        );
        expect(state.body).toMatchObject({ managedBy: 'file', enabled: true, revision: 1 });
        expect(other.errors.filter((error) => !EXPECTED_REFUSAL.test(error))).toEqual([]);
      } finally {
        await other.context.close();
        await managed.close();
        rmSync(folder, { recursive: true, force: true });
      }
    });

    it('should have sent no request off the origin and logged no unexpected console error', () => {
      expect(dashboard.watched.foreignRequests).toEqual([]);
      expect(dashboard.watched.errors.filter((error) => !EXPECTED_REFUSAL.test(error))).toEqual([]);
    });
  },
  60_000,
);
