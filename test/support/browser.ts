import { existsSync } from 'node:fs';

import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); .ci/run installs it when it is missing. */
export const CHROMIUM = '/usr/bin/chromium';

/** Starts headless Chromium, or fails saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the dashboard's browser tests drive Debian's Chromium. ` +
        'Install it with `apt-get install -y chromium` (as root); .ci/run does so in CI.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface WatchedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Requests to any other origin, each refused before it left the browser. */
  readonly foreignRequests: string[];
  /** Console errors and uncaught page errors. */
  readonly errors: string[];
}

/**
 * A page in a fresh context that lets only requests to `origin` (and to `alsoAllowed`, e.g. the
 * identity provider a sign-in visits) through, records and aborts the others, and records every
 * console error and uncaught exception.
 */
export async function watchedPage(
  browser: Browser,
  origin: string,
  alsoAllowed: readonly string[] = [],
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const foreignRequests: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    const target = new URL(url).origin;
    if (target === origin || alsoAllowed.includes(target)) return route.continue();
    foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return { context, page, foreignRequests, errors };
}

/** The little of the DOM the checks below read (this project compiles without the DOM types). */
interface PageGlobals {
  readonly document: {
    querySelector(selector: string): { readonly textContent: string | null } | null;
    readonly documentElement: { readonly scrollWidth: number; readonly clientWidth: number };
  };
  readonly performance: { now(): number };
}

/**
 * Milliseconds from navigation start until the dashboard shows the page titled `title` with
 * nothing loading any more (no `p.state[role=status]`): its time to interactive. Checked on
 * every animation frame, in the page, by a function (the dashboard's CSP forbids eval).
 */
export async function interactiveAfterMs(page: Page, title: string): Promise<number> {
  const ready = await page.waitForFunction(
    (expected) => {
      const { document, performance } = globalThis as unknown as PageGlobals;
      const shown = document.querySelector('#page-title')?.textContent === expected;
      const loading = document.querySelector('p.state[role="status"]') !== null;
      return shown && !loading ? performance.now() : false;
    },
    title,
    { polling: 'raf', timeout: 10_000 },
  );
  return Math.round((await ready.jsonValue()) as number);
}

/** Whether the page is wider than the viewport (wide tables must scroll inside their frame). */
export function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const { documentElement } = (globalThis as unknown as PageGlobals).document;
    return documentElement.scrollWidth > documentElement.clientWidth;
  });
}
