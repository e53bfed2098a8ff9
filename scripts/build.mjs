#!/usr/bin/env node
// @ts-check
// `npm run build`, and the first step of `npm start`, `npm run migrate`, `stdio`, `token` and
// `audit:verify`: compiles `src/` and `migrations/` into `dist/` with SWC when something changed
// since the last build (scripts/build/build-stamp.mjs), else only says that `dist/` is current;
// then bundles the admin dashboard into `dist/dashboard/` when its sources changed.
// Progress goes to stderr, so the stdout of `npm run --silent stdio` and `token` stays theirs.
// No type check here: `npm run typecheck` is the type check (CI runs both).
import { resolve } from 'node:path';

import { buildDist } from './build/build.mjs';
import { buildDashboard } from './build/dashboard.mjs';

const root = resolve(import.meta.dirname, '..');
try {
  const log = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);
  await buildDist(root, { log });
  await buildDashboard(root, { log });
} catch (error) {
  process.stderr.write(
    `build failed:\n${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
