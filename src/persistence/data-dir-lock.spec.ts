import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock.js';

describe(acquireDataDirLock.name, () => {
  let dataDir: string;
  const lockFile = () => join(dataDir, 'pglite.lock');

  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'mcp-lock-')), 'nested');
  });

  afterEach(() => {
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('should create the directory and a lock file holding our pid', () => {
    const sut = acquireDataDirLock(dataDir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(`${process.pid}\n`);
    sut.release();
    sut.release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('should refuse while a live process holds the lock, naming it and the directory', () => {
    const held = acquireDataDirLock(dataDir);
    try {
      expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dataDir)).toThrow(
        `the embedded database in ${dataDir} is in use by process ${process.pid} (running; ` +
          `pid from ${lockFile()}): stop that process, point MCP_DATA_DIR at another ` +
          'directory, or share a Postgres through DATABASE_URL',
      );
    } finally {
      held.release();
    }
  });

  it('should take over a lock left by a process that no longer exists', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    acquireDataDirLock(dataDir).release();
    writeFileSync(lockFile(), `${dead}\n`);
    const sut = acquireDataDirLock(dataDir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(`${process.pid}\n`);
    sut.release();
  });

  it('should take over an unreadable lock file', () => {
    acquireDataDirLock(dataDir).release();
    writeFileSync(lockFile(), 'garbage');
    acquireDataDirLock(dataDir).release();
  });

  it('should not remove a lock that another process took over', () => {
    const sut = acquireDataDirLock(dataDir);
    writeFileSync(lockFile(), '1\n');
    sut.release();
    expect(readFileSync(lockFile(), 'utf8')).toBe('1\n');
  });
});
