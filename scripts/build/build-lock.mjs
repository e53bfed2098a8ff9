// @ts-check
import { closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { OUT_DIR } from './sources.mjs';

/** A lock older than this belongs to a build that crashed. */
const STALE_LOCK_MS = 120_000;
const POLL_MS = 100;

/**
 * Runs `task` while holding `dist/.build.lock`, so that builds started at the same time (two
 * terminals, parallel test files) do not write the same files; a waiting build then usually
 * finds `dist/` current.
 * @template T
 * @param {string} root
 * @param {() => Promise<T>} task
 * @param {() => void} onWait called once when another build holds the lock
 * @returns {Promise<T>}
 */
export async function withBuildLock(root, task, onWait) {
  const lockFile = join(root, OUT_DIR, '.build.lock');
  mkdirSync(join(root, OUT_DIR), { recursive: true });
  for (let waited = false; !tryLock(lockFile); waited = true) {
    if (!waited) onWait();
    await sleep(POLL_MS);
  }
  try {
    return await task();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

/** @param {string} lockFile */
function tryLock(lockFile) {
  try {
    closeSync(openSync(lockFile, 'wx'));
    return true;
  } catch {
    try {
      if (Date.now() - statSync(lockFile).mtimeMs > STALE_LOCK_MS)
        rmSync(lockFile, { force: true });
    } catch {
      // Released meanwhile.
    }
    return false;
  }
}
