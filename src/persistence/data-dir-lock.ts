import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'pglite.lock';

/**
 * Another process holds the embedded database directory. The message is the whole story for an
 * operator, on one line: who holds it (the pid in the lock file, and whether it runs) and the
 * three ways out.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | undefined,
    readonly alive: boolean,
  ) {
    const holder =
      pid === undefined
        ? `another process (${LOCK_FILE} names no pid yet)`
        : `process ${pid} (${alive ? 'running' : 'not running'}; pid from ${join(dataDir, LOCK_FILE)})`;
    super(
      `the embedded database in ${dataDir} is in use by ${holder}: stop that process, ` +
        'point MCP_DATA_DIR at another directory, or share a Postgres through DATABASE_URL',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

/**
 * PGlite keeps its files open in one process only; a second process opening the same
 * directory would corrupt it. `<dataDir>/pglite.lock` is created with O_EXCL (`wx`) and holds
 * the owner's pid. A lock left by a dead pid (crash, SIGKILL) is taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const content = `${process.pid}\n`;
  // Two attempts: the second one follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, content, { flag: 'wx' });
      return { release: () => releaseIfOwned(path, content) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    if (holder !== undefined && isAlive(holder)) {
      throw new DataDirLockedError(dataDir, holder, true);
    }
    rmSync(path, { force: true });
  }
  // Another process created the lock between our removal and our second attempt.
  const holder = readHolder(path);
  throw new DataDirLockedError(dataDir, holder, holder !== undefined && isAlive(holder));
}

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    // Signal 0 checks existence only; EPERM means the process exists under another user.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOwned(path: string, content: string): void {
  try {
    if (readFileSync(path, 'utf8') === content) rmSync(path, { force: true });
  } catch {
    // Already gone: nothing to release.
  }
}
