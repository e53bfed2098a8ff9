import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import express, { type RequestHandler, type Response } from 'express';

/** Where the dashboard is served (README "The admin dashboard"); the API is under `/admin/api`. */
export const DASHBOARD_PATH = '/admin';

/** Where `npm run build` writes the bundle (scripts/build/dashboard.mjs), from the project root. */
export const DASHBOARD_OUT_DIR = 'dist/dashboard';

/**
 * Everything the dashboard loads comes from this origin, and nothing inline runs or styles
 * (CSP Level 3, https://www.w3.org/TR/CSP3/): a script injected through data shown on a page
 * (a tool description, audit details) is refused by the browser. `frame-ancestors 'none'`
 * stops click-jacking of the on/off switches (RFC 7034's X-Frame-Options is the older form).
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  // Files keep their names across builds: revalidate (Last-Modified) rather than serve stale.
  'Cache-Control': 'no-cache',
};

/**
 * Serves the built dashboard's files under {@link DASHBOARD_PATH} with {@link DASHBOARD_CSP}.
 * Anything that is not one of its files (the admin API, a missing bundle) falls through to Nest.
 */
export function serveDashboard(directory: string = dashboardDirectory()): RequestHandler {
  return express.static(directory, {
    index: 'index.html',
    dotfiles: 'ignore',
    fallthrough: true,
    setHeaders: (response: Response) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    },
  });
}

/**
 * The bundle of the project this module belongs to: the first folder above it with a
 * `package.json` is the root, whether it runs from `dist/src/` or (tests) from `src/`.
 */
export function dashboardDirectory(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('no package.json above the dashboard module');
    folder = parent;
  }
  return join(folder, DASHBOARD_OUT_DIR);
}
