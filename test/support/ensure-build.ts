import { resolve } from 'node:path';

import { buildDist } from '../../scripts/build/build.mjs';
import { buildDashboard } from '../../scripts/build/dashboard.mjs';

const root = resolve(import.meta.dirname, '../..');

/**
 * Tests that spawn the real server process (stdio, several instances) or open the dashboard
 * need `dist/`: the same
 * build as `npm start` runs, which compiles only what changed since the last build and waits
 * for one already running (parallel test files).
 */
export async function ensureBuild(): Promise<void> {
  await buildDist(root, { log: () => undefined });
  await buildDashboard(root, { log: () => undefined });
}
