// @ts-check
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { swcOptions, swcVersion } from './compile.mjs';
import { listSources, OUT_DIR, outputsOf } from './sources.mjs';

/**
 * @typedef {[size: number, mtimeMs: number]} FileStat
 * @typedef {{ toolchain: unknown, sources: Record<string, FileStat> }} BuildStamp
 * @typedef {object} BuildPlan
 * @property {boolean} full everything is rebuilt: no stamp yet, or the toolchain changed
 * @property {string[]} compile sources to build: changed, new, or with an output missing
 * @property {string[]} removed sources gone since the last build (their outputs are deleted)
 * @property {BuildStamp} stamp what to record once the plan has been carried out
 */

const STAMP_FILE = `${OUT_DIR}/.build-stamp.json`;

/**
 * Compares the sources with the stamp of the last build: a source whose size or modification
 * time differs, a new or deleted source, a missing output, or a different toolchain (SWC
 * version, compiler options of tsconfig.json, these build scripts) makes `dist/` stale. Only
 * `stat` calls, no reading of sources, so a check of the whole tree takes milliseconds.
 * @param {string} root
 * @returns {BuildPlan}
 */
export function planBuild(root) {
  const sources = listSources(root);
  /** @type {BuildStamp} */
  const stamp = {
    toolchain: toolchainOf(root),
    sources: Object.fromEntries(sources.map((source) => [source, statOf(join(root, source))])),
  };
  const last = readStamp(root);
  if (last === undefined || !isDeepStrictEqual(last.toolchain, stamp.toolchain)) {
    return { full: true, compile: sources, removed: [], stamp };
  }
  const compile = sources.filter(
    (source) =>
      !isDeepStrictEqual(last.sources[source], stamp.sources[source]) ||
      /** @type {string[]} */ (outputsOf(source)).some((output) => !existsSync(join(root, output))),
  );
  const removed = Object.keys(last.sources).filter((source) => !(source in stamp.sources));
  return { full: false, compile, removed, stamp };
}

/** @param {BuildPlan} plan */
export function isCurrent(plan) {
  return plan.compile.length === 0 && plan.removed.length === 0;
}

/**
 * Written last, atomically: an interrupted build leaves the previous stamp, so the next check
 * finds the sources it did not finish and builds them again.
 * @param {string} root
 * @param {BuildStamp} stamp
 */
export function writeStamp(root, stamp) {
  const path = join(root, STAMP_FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify(stamp));
  renameSync(`${path}.tmp`, path);
}

/** @param {string} root */
export function removeStamp(root) {
  rmSync(join(root, STAMP_FILE), { force: true });
}

/**
 * @param {string} root
 * @returns {BuildStamp | undefined}
 */
function readStamp(root) {
  try {
    return JSON.parse(readFileSync(join(root, STAMP_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * @param {string} root
 * @returns {unknown}
 */
function toolchainOf(root) {
  const scripts = readdirSync(import.meta.dirname).filter((name) => name.endsWith('.mjs'));
  return {
    swc: swcVersion(),
    options: swcOptions(root),
    scripts: Object.fromEntries(
      scripts.map((name) => [name, statOf(join(import.meta.dirname, name))]),
    ),
  };
}

/**
 * @param {string} path
 * @returns {FileStat}
 */
function statOf(path) {
  const { size, mtimeMs } = statSync(path);
  return [size, mtimeMs];
}
