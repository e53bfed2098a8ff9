// @ts-check
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { withBuildLock } from './build-lock.mjs';
import { OUT_DIR } from './sources.mjs';

/** The dashboard's sources (README "The admin dashboard") and its bundle, served at `/admin/`. */
export const DASHBOARD_SOURCE_DIR = 'web/dashboard';
export const DASHBOARD_OUT = `${OUT_DIR}/dashboard`;
const STAMP_FILE = `${DASHBOARD_OUT}/.build-stamp.json`;

/**
 * Bundles the dashboard (Preact + TypeScript, web/dashboard/src/main.tsx and styles.css) with
 * esbuild into `dist/dashboard/`, with its `index.html`, when a source changed since the last
 * bundle (same size-and-mtime stamp as the server build, scripts/build/build-stamp.mjs).
 * Minified ES2022, no source maps served, nothing loaded from elsewhere at run time.
 * @param {string} root
 * @param {{ log: (line: string) => void }} options
 * @returns {Promise<{ changed: boolean }>}
 */
export async function buildDashboard(root, { log }) {
  const started = performance.now();
  return withBuildLock(
    root,
    async () => {
      const esbuild = await import('esbuild');
      const stamp = { toolchain: esbuild.version, sources: statSources(root) };
      if (isDeepStrictEqual(readStamp(root), stamp)) return { changed: false };
      log('build: bundling the dashboard…');
      const source = join(root, DASHBOARD_SOURCE_DIR);
      const out = join(root, DASHBOARD_OUT);
      await esbuild.build({
        absWorkingDir: root,
        entryPoints: [join(source, 'src/main.tsx'), join(source, 'styles.css')],
        outdir: out,
        entryNames: '[name]',
        bundle: true,
        minify: true,
        format: 'esm',
        target: 'es2022',
        platform: 'browser',
        jsx: 'automatic',
        jsxImportSource: 'preact',
        tsconfig: join(source, 'tsconfig.json'),
        legalComments: 'none',
        logLevel: 'silent',
      });
      mkdirSync(out, { recursive: true });
      copyFileSync(join(source, 'index.html'), join(out, 'index.html'));
      writeFileSync(join(root, STAMP_FILE), JSON.stringify(stamp));
      log(`build: dashboard bundled in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return { changed: true };
    },
    () => log('build: waiting for another build to finish…'),
  );
}

/**
 * @param {string} root
 * @returns {Record<string, [number, number]>}
 */
function statSources(root) {
  /** @type {Record<string, [number, number]>} */
  const sources = {};
  const dir = join(root, DASHBOARD_SOURCE_DIR);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const { size, mtimeMs } = statSync(path);
    sources[relative(root, path)] = [size, mtimeMs];
  }
  return sources;
}

/** @param {string} root */
function readStamp(root) {
  try {
    return /** @type {unknown} */ (JSON.parse(readFileSync(join(root, STAMP_FILE), 'utf8')));
  } catch {
    return undefined;
  }
}
