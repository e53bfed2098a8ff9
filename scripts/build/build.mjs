// @ts-check
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { isCurrent, planBuild, removeStamp, writeStamp } from './build-stamp.mjs';
import { withBuildLock } from './build-lock.mjs';
import { buildSource, swcOptions } from './compile.mjs';
import { OUT_DIR, outputsOf, SOURCE_DIRS } from './sources.mjs';

/**
 * @typedef {object} BuildResult
 * @property {string[]} changed sources compiled, copied or deleted; empty when `dist/` was current
 */

/**
 * Brings `dist/` up to date with the sources under `root`: nothing when it is current (see
 * {@link planBuild}), else compiles with SWC only what changed. `log` receives the progress
 * lines (`build: dist is current (12 ms)`, `build: compiling 3 changed files…`,
 * `build: done in 0.2 s`). Throws {@link BuildError} when a file does not compile.
 * @param {string} root
 * @param {{ log: (line: string) => void }} options
 * @returns {Promise<BuildResult>}
 */
export async function buildDist(root, { log }) {
  const started = performance.now();
  return withBuildLock(
    root,
    async () => {
      const plan = planBuild(root);
      if (isCurrent(plan)) {
        log(`build: dist is current (${Math.round(performance.now() - started)} ms)`);
        return { changed: [] };
      }
      log(`build: ${describePlan(plan)}…`);
      if (plan.full) {
        // Outputs of sources deleted before this stamp existed (or by another toolchain).
        removeStamp(root);
        for (const dir of SOURCE_DIRS)
          rmSync(join(root, OUT_DIR, dir), { recursive: true, force: true });
      }
      for (const output of plan.removed.flatMap((source) => outputsOf(source) ?? [])) {
        rmSync(join(root, output), { force: true });
      }
      const options = swcOptions(root);
      const results = await Promise.allSettled(
        plan.compile.map((source) => buildSource(root, source, options)),
      );
      const failures = results.flatMap((result) =>
        result.status === 'rejected' ? [messageOf(result.reason)] : [],
      );
      if (failures.length > 0) throw new BuildError(failures);
      writeStamp(root, plan.stamp);
      log(`build: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return { changed: [...plan.compile, ...plan.removed] };
    },
    () => log('build: waiting for another build to finish…'),
  );
}

/** One or more sources did not compile; the message holds SWC's report of each. */
export class BuildError extends Error {
  /** @param {string[]} failures */
  constructor(failures) {
    super(failures.join('\n'));
    this.name = 'BuildError';
  }
}

/** @param {import('./build-stamp.mjs').BuildPlan} plan */
function describePlan(plan) {
  if (plan.full) return `compiling ${plan.compile.length} files`;
  const parts = [];
  if (plan.compile.length > 0) parts.push(`compiling ${plan.compile.length} changed file(s)`);
  if (plan.removed.length > 0) parts.push(`removing the output of ${plan.removed.length} deleted`);
  return parts.join(', ');
}

/**
 * SWC's report (the code frame), without the native stack trace it appends after `Caused by:`.
 * @param {unknown} error
 */
function messageOf(error) {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n\nCaused by:')[0]?.trimEnd() ?? message;
}
