import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { build } from 'esbuild';

import type { UpstreamFixtureSpec } from './upstream-fixture.types.js';

const root = resolve(import.meta.dirname, '../../..');
const outfile = join(root, 'test-artifacts', 'upstream', `stdio-upstream-${process.pid}.mjs`);
let built: Promise<unknown> | undefined;

/**
 * The program and arguments that start a stdio fixture upstream (`stdio-upstream.ts`, bundled
 * once per test process with esbuild: `dist/` holds only `src/`; packages stay external so the
 * child loads the SDK from node_modules). Use them as an upstream's `command` and `args`.
 */
export async function stdioUpstreamCommand(
  spec: UpstreamFixtureSpec = {},
): Promise<{ command: string; args: string[] }> {
  built ??= (async () => {
    mkdirSync(join(root, 'test-artifacts', 'upstream'), { recursive: true });
    await build({
      entryPoints: [join(import.meta.dirname, 'stdio-upstream.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
  })();
  await built;
  return { command: process.execPath, args: [outfile, JSON.stringify(spec)] };
}
