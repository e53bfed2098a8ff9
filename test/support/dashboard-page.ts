import { resolve } from 'node:path';

import type { Page } from 'playwright-core';

/** Where the dashboard's browser tests leave their screenshots. */
export const DASHBOARD_ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts/dashboard');

/**
 * Chromium logs every non-2xx fetch; these the dashboard tests provoke on purpose (the 400 of an
 * invalid form, the 401 of a token gone bad, the 403 of a refused change, the 409 of a stale
 * revision) and see on the page.
 */
export const EXPECTED_REFUSAL =
  /Failed to load resource: the server responded with a status of (400|401|403|409)/;

/** Opens the dashboard page `name` through the navigation and waits for its title. */
export async function openDashboardPage(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Signs in with the development issuer's one-click button (AUTH_DEV_ISSUER=true). */
export async function signInAsDevAdmin(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/admin/`);
  await page.getByRole('button', { name: /Dev sign-in as dev-admin/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
}

/** Presses Tab until the CSS selector `target` has the focus (at most `limit` times); whether it did. */
export async function tabTo(page: Page, target: string, limit = 60): Promise<boolean> {
  for (let tabs = 0; tabs < limit; tabs += 1) {
    await page.keyboard.press('Tab');
    if ((await page.locator(`${target}:focus`).count()) > 0) return true;
  }
  return false;
}
