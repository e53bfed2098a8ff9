import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DataDirLockedError } from '../../src/persistence/data-dir-lock.js';
import { startEmbeddedPostgres } from '../../src/persistence/embedded-postgres.js';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

// One directory for the whole block (a PGlite start costs seconds): the tests run in order,
// the second reopens what the first wrote.
describe(startEmbeddedPostgres.name, () => {
  let dataDir: string;
  let firstUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mcp-embedded-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('should refuse a second opener while running and release the lock on stop', async () => {
    const running = await startEmbeddedPostgres(dataDir, 'public');
    firstUrl = running.url;
    try {
      await query(running.url, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('hello')`);
      const second = startEmbeddedPostgres(dataDir, 'public');
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(second).rejects.toThrow(`${dataDir} is in use by process ${process.pid}`);
    } finally {
      await running.stop();
      await running.stop();
    }
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
  });

  it('should keep committed data across a restart', async () => {
    const restarted = await startEmbeddedPostgres(dataDir, 'public');
    try {
      expect(restarted.url).not.toBe(firstUrl);
      expect(await query(restarted.url, 'SELECT v FROM kept')).toEqual([{ v: 'hello' }]);
    } finally {
      await restarted.stop();
    }
  });
});
