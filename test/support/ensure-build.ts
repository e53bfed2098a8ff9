import { execFileSync } from 'node:child_process';
import {
  closeSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const lockFile = join(root, 'dist', '.build.lock');
/**
 * Dated when the last build started (a source saved during a build is newer). Not an output
 * file: `tsc --incremental` rewrites only the outputs whose content changed.
 */
const stampFile = join(root, 'dist', '.build.stamp');

/**
 * Tests that spawn the real server process (stdio, several instances) need `dist/`. Builds it
 * once when any source is newer than the last build; a lock file keeps parallel test files from
 * building at the same time.
 */
export async function ensureBuild(): Promise<void> {
  while (!tryLock()) await new Promise((done) => setTimeout(done, 200));
  try {
    if (isStale()) {
      const started = new Date();
      execFileSync('npx', ['nest', 'build'], { cwd: root, stdio: 'ignore' });
      writeFileSync(stampFile, '');
      utimesSync(stampFile, started, started);
    }
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function tryLock(): boolean {
  try {
    execFileSync('mkdir', ['-p', join(root, 'dist')]);
    closeSync(openSync(lockFile, 'wx'));
    return true;
  } catch {
    // A lock older than two minutes belongs to a crashed run.
    try {
      if (Date.now() - statSync(lockFile).mtimeMs > 120_000) rmSync(lockFile, { force: true });
    } catch {
      // removed meanwhile
    }
    return false;
  }
}

function isStale(): boolean {
  let built: number;
  try {
    built = statSync(stampFile).mtimeMs;
  } catch {
    return true;
  }
  return newestMtime(join(root, 'src')) > built || newestMtime(join(root, 'migrations')) > built;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
