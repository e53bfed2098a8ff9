import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest } from '../support/admin-http.js';
import { watchedPage } from '../support/browser.js';
import {
  EXPECTED_REFUSAL,
  openDashboardPage,
  signInAsDevAdmin,
  tabTo,
} from '../support/dashboard-page.js';
import {
  startUpstreamsDashboard,
  UPSTREAM_CREDENTIAL,
  type UpstreamsDashboard,
} from '../support/dashboard-upstreams.js';
import { availableTiers } from '../support/database.js';
import { devTokenFor } from '../support/dev-issuer-tokens.js';
import { startTestApp } from '../support/test-app.js';
import { stdioUpstreamCommand } from '../support/upstream/stdio-upstream-command.js';

/**
 * The dashboard's Upstreams page (README "The admin dashboard", docs/federation.md) in Debian's
 * Chromium against the real server and a real SDK upstream over Streamable HTTP: the upstream is
 * added through the form with the keyboard alone, and every change is checked through the admin API.
 * Editing and file-managed upstreams: admin-dashboard-upstream-edit.spec.ts.
 */
describe.each(availableTiers())(
  'admin dashboard: upstreams in Chromium [%s]',
  (tier) => {
    let dashboard: UpstreamsDashboard;
    let page: Page;
    const upstreamState = (name: string) => dashboard.upstreamState(name);

    beforeAll(async () => {
      dashboard = await startUpstreamsDashboard(tier);
      page = dashboard.page;
    }, 120_000);

    afterAll(async () => {
      await dashboard?.close();
    });

    it('should reach the Upstreams page from the keyboard and say that none is registered', async () => {
      await page.locator('body').focus();
      expect(await tabTo(page, 'nav a[href="#/upstreams"]')).toBe(true);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Upstreams' }).waitFor();
      await page.getByText('No upstream MCP server is registered').waitFor();
    });

    it("should show the API's 400 when the form lacks the upstream's URL, and add nothing", async () => {
      await page.getByLabel('Upstream name', { exact: true }).fill('fx');
      await page.getByRole('button', { name: 'Add upstream' }).click();
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent()).toMatch(/^400: /);
      expect((await upstreamState('fx')).status).toBe(404);
    });

    it('should add an upstream through the form with the keyboard, its secret write-only, and list its tools', async () => {
      await page.getByLabel('Upstream name', { exact: true }).fill('');
      await page.locator('body').focus();
      expect(await tabTo(page, '#upstream-name')).toBe(true);
      await page.keyboard.type('fx');
      await page.keyboard.press('Tab'); // the transport: Streamable HTTP by default
      await page.keyboard.press('Tab');
      await page.keyboard.type(dashboard.upstream.url);
      await page.keyboard.press('Tab'); // static headers: none
      await page.keyboard.press('Tab'); // the credential type, chosen by its first letter
      await page.keyboard.type('S');
      expect(await page.getByLabel('Credential type').inputValue()).toBe('header');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Authorization');
      await page.keyboard.press('Tab');
      await page.keyboard.type(UPSTREAM_CREDENTIAL);
      await page.keyboard.press('Enter');

      const toggle = page.getByRole('switch', { name: 'Enable fx' });
      await toggle.waitFor();
      expect(await toggle.isChecked()).toBe(true);
      expect(await page.getByLabel('Credential type').inputValue()).toBe('none');
      const row = page.getByRole('row').filter({ hasText: dashboard.upstream.url });
      await expect.poll(() => row.textContent()).toMatch(/streamable-http.*up since/s);

      const created = await upstreamState('fx');
      expect(created.body).toMatchObject({
        enabled: true,
        auth: { type: 'header', name: 'Authorization', secretConfigured: true },
        health: { state: 'up' },
      });
      expect(JSON.stringify(created.body)).not.toContain('dashboard-upstream-credential');
      expect(dashboard.upstream.events.authorizations).toContain(UPSTREAM_CREDENTIAL);

      await page.getByRole('button', { name: 'Inspect fx' }).click();
      const tools = page.getByRole('list', { name: 'Tools of fx' });
      await expect.poll(() => tools.textContent()).toContain('fx__echo');
      const pending = page.getByRole('list', { name: 'Pending definitions of fx' });
      await expect.poll(() => pending.textContent()).toContain('Review fx__echo version');
      const prompts = page.getByRole('list', { name: 'Pending prompt definitions of fx' });
      await expect.poll(() => prompts.textContent()).toContain('fx__brief');
      await dashboard.screenshot('upstreams');
    });

    it('should open a pending definition on the Tools page and approve it there', async () => {
      const views = (await upstreamState('fx')).body.pendingDefinitions as {
        tool: string;
        version: string;
      }[];
      const version = views.find((view) => view.tool === 'fx__echo')?.version ?? '';
      await page.getByRole('link', { name: `Review fx__echo version ${version}` }).click();
      await page.getByRole('heading', { level: 1, name: 'Tools' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'fx__echo', exact: true }).waitFor();
      await page.getByRole('button', { name: `Approve ${version}`, exact: true }).click();
      await expect
        .poll(async () => (await upstreamState('fx')).body.tools)
        .toContainEqual(expect.objectContaining({ name: 'fx__echo', servedVersion: version }));
      await openDashboardPage(page, 'Upstreams');
      await page.getByRole('button', { name: 'Inspect fx' }).click();
      const pending = page.getByRole('list', { name: 'Pending definitions of fx' });
      await expect.poll(() => pending.textContent()).not.toContain('fx__echo');
    });

    it('should open the pending prompt, show what it says, approve it and list it no more', async () => {
      await page.getByRole('button', { name: 'Review fx__brief' }).click();
      const definition = page.getByRole('group', { name: 'Definition of fx__brief' });
      await expect.poll(() => definition.textContent()).toContain('Briefs the user.');
      await page.getByLabel('Lint findings of fx__brief').waitFor();
      await page.getByRole('button', { name: 'Approve fx__brief' }).click();
      const prompts = page.getByRole('list', { name: 'Pending prompt definitions of fx' });
      await prompts.waitFor({ state: 'detached' });
      expect((await upstreamState('fx')).body.pendingPromptDefinitions).toEqual([]);
      const briefs = await adminRequest(
        dashboard.app.origin,
        'GET',
        '/admin/api/audit?event=admin.change&limit=1',
        dashboard.adminToken,
      );
      expect(briefs.body.records).toEqual([
        expect.objectContaining({
          action: 'prompt_version.approve',
          changeAfter: expect.objectContaining({ status: 'approved', decidedBy: 'dev-admin' }),
        }),
      ]);
    });

    it('should show the 409 of a prompt definition another admin decided first, then drop it', async () => {
      await dashboard.upstream.setPromptDescription('brief', 'Briefs the user, in short.');
      await expect
        .poll(async () => (await upstreamState('fx')).body.pendingPromptDefinitions, {
          timeout: 10_000,
        })
        .toHaveLength(1);
      const [pending] = (await upstreamState('fx')).body.pendingPromptDefinitions as {
        definitionSha256: string;
      }[];
      await page.getByRole('button', { name: 'Review fx__brief' }).click({ timeout: 15_000 });
      const definition = page.getByRole('group', { name: 'Definition of fx__brief' });
      await expect.poll(() => definition.textContent()).toContain('Briefs the user, in short.');
      const path = `/admin/api/prompts/fx__brief/versions/${pending?.definitionSha256 ?? ''}/reject`;
      // Until this page sends its own decision, its periodic reload keeps seeing the list as it
      // was before the other admin's, so the button it then clicks is still there.
      const before = await adminRequest(
        dashboard.app.origin,
        'GET',
        '/admin/api/upstreams',
        dashboard.adminToken,
      );
      let decidedHere = false;
      await page.route('**/admin/api/upstreams', (route) =>
        decidedHere ? route.continue() : route.fulfill({ json: before.body }),
      );
      page.on('request', (request) => {
        if (request.url().endsWith(path)) decidedHere = true;
      });
      const rejected = await adminRequest(dashboard.app.origin, 'POST', path, dashboard.adminToken);
      expect(rejected.status).toBe(200);
      await page.getByRole('button', { name: 'Reject fx__brief' }).click();
      const alert = page.getByRole('region', { name: 'Upstream fx' }).getByRole('alert');
      await expect.poll(() => alert.textContent()).toMatch(/^409: .*already rejected/);
      await page
        .getByRole('list', { name: 'Pending prompt definitions of fx' })
        .waitFor({ state: 'detached' });
      await page.unroute('**/admin/api/upstreams');
    });

    it('should switch the upstream off from the keyboard, as the admin API then says', async () => {
      const toggle = page.getByRole('switch', { name: 'Enable fx' });
      await toggle.focus();
      await page.keyboard.press('Space');
      await expect.poll(() => toggle.isChecked()).toBe(false);
      await expect
        .poll(async () => (await upstreamState('fx')).body)
        .toMatchObject({ enabled: false, revision: 2, health: { state: 'down' } });
    });

    it('should delete the upstream only once the deletion is confirmed', async () => {
      await page.getByRole('button', { name: 'Delete fx' }).click();
      expect((await upstreamState('fx')).status).toBe(200);
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'Delete fx' }).click();
      await page.getByRole('button', { name: 'Confirm delete fx' }).click();
      await page.getByText('No upstream MCP server is registered').waitFor();
      expect((await upstreamState('fx')).status).toBe(404);
      // Its tools leave the Tools list; their recorded versions stay, read by name.
      const tools = await adminRequest(
        dashboard.app.origin,
        'GET',
        '/admin/api/tools',
        dashboard.adminToken,
      );
      expect((tools.body.tools as { name: string }[]).map((tool) => tool.name)).not.toContain(
        'fx__echo',
      );
      const echo = await adminRequest(
        dashboard.app.origin,
        'GET',
        '/admin/api/tools/fx__echo',
        dashboard.adminToken,
      );
      expect(echo.body).toMatchObject({ effective: 'withheld', declared: null });
    });

    it('should add a stdio upstream from its command and arguments, one per line', async () => {
      const { command, args } = await stdioUpstreamCommand();
      await page.getByLabel('Upstream name', { exact: true }).fill('local');
      await page.getByLabel('Transport').selectOption('stdio');
      await page.getByLabel('Command').fill(command);
      await page.getByLabel('Arguments (one per line)').fill(args.join('\n'));
      await page.getByRole('button', { name: 'Add upstream' }).click();
      await page.getByRole('switch', { name: 'Enable local' }).waitFor();
      const created = await upstreamState('local');
      expect(created.body).toMatchObject({
        transport: 'stdio',
        command,
        args,
        health: { state: 'up' },
      });
      expect((created.body.tools as { name: string }[]).map((tool) => tool.name)).toContain(
        'local__echo',
      );
      await page.getByRole('button', { name: 'Delete local' }).click();
      await page.getByRole('button', { name: 'Confirm delete local' }).click();
      await page.getByText('No upstream MCP server is registered').waitFor();
      expect((await upstreamState('local')).status).toBe(404);
    });

    it('should show the 400 of a header secret while MCP_UPSTREAM_SECRET_KEY is unset', async () => {
      const keyless = await startTestApp({ tier, env: { AUTH_DEV_ISSUER: 'true' } });
      const other = await watchedPage(dashboard.browser, keyless.origin);
      try {
        await signInAsDevAdmin(other.page, keyless.origin);
        await openDashboardPage(other.page, 'Upstreams');
        await other.page.getByLabel('Upstream name', { exact: true }).fill('fx');
        await other.page.getByLabel('URL').fill(dashboard.upstream.url);
        await other.page.getByLabel('Credential type').selectOption('header');
        await other.page.getByLabel('Header name').fill('Authorization');
        await other.page.getByLabel('Header value (write-only)').fill(UPSTREAM_CREDENTIAL);
        await other.page.getByRole('button', { name: 'Add upstream' }).click();
        const alert = other.page.getByRole('alert');
        await expect.poll(() => alert.textContent()).toMatch(/^400: .*MCP_UPSTREAM_SECRET_KEY/s);
        const list = await adminRequest(
          keyless.origin,
          'GET',
          '/admin/api/upstreams',
          await devTokenFor(keyless.config, 'api-check', ['admin']),
        );
        expect(list.body).toEqual({ upstreams: [] });
        expect(other.errors.filter((error) => !EXPECTED_REFUSAL.test(error))).toEqual([]);
      } finally {
        await other.context.close();
        await keyless.close();
      }
    });

    it('should have sent no request off the origin and logged no console error', () => {
      expect(dashboard.watched.foreignRequests).toEqual([]);
      expect(dashboard.watched.errors.filter((error) => !EXPECTED_REFUSAL.test(error))).toEqual([]);
    });
  },
  60_000,
);
