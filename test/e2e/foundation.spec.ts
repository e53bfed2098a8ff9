import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config/app-config.js';
import { openDatabase } from '../../src/persistence/open-database.js';
import {
  runMigrate,
  ServerExitedError,
  spawnServer,
  type SpawnedServer,
} from '../support/spawn-server.js';

interface Snapshot {
  readonly toolVersions: { name: string; version: string; definition_sha256: string }[];
  readonly auditRows: {
    id: string;
    correlation_id: string;
    event: string;
    outcome: string | null;
  }[];
}

/** Initializes, lists and calls `echo` with the SDK 1.x client, as a user's client would. */
async function useServer(server: SpawnedServer, message: string): Promise<void> {
  const client = new Client({ name: 'foundation-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
  try {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('echo');
    const result = await client.callTool({ name: 'echo', arguments: { message } });
    expect(result).toMatchObject({ content: [{ type: 'text', text: message }] });
    expect(result.isError).toBeFalsy();
  } finally {
    await client.close();
  }
}

/**
 * The quick start of the README on the built server process, exactly as `npm start` runs it
 * (migrate, then `node dist/src/main.js`) with no DATABASE_URL: the embedded PGlite under
 * MCP_DATA_DIR. The tests run in order and share one data directory.
 */
describe('npm start on the embedded database (built server process)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let first: Snapshot;
  /** Stopped by the hook too, so a failed or timed-out test leaves no process holding the lock. */
  let server: SpawnedServer | undefined;

  /** Read with the app's own options builder; PGlite admits one process, so servers are stopped. */
  async function snapshot(): Promise<Snapshot> {
    const database = await openDatabase(loadConfig(env).database);
    try {
      const [toolVersions, auditRows] = await Promise.all([
        database.dataSource.query<Snapshot['toolVersions']>(
          'SELECT name, version, definition_sha256 FROM tool_versions ORDER BY name, version',
        ),
        database.dataSource.query<Snapshot['auditRows']>(
          `SELECT id::text, correlation_id, event, outcome FROM audit_log
           WHERE event LIKE 'tool_call.%' ORDER BY id`,
        ),
      ]);
      return { toolVersions, auditRows };
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mcp-foundation-'));
    env = { MCP_DATA_DIR: dataDir };
  });

  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = undefined;
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function stop(): Promise<number | null> {
    const code = await server?.stop('SIGTERM');
    server = undefined;
    return code ?? null;
  }

  it('should serve the SDK client on a fresh directory and exit 0 on SIGTERM', async () => {
    server = await spawnServer(env);
    await useServer(server, 'first run');
    // An Express route gets an access line carrying the caller's request id (access-log.middleware).
    const probe = await fetch(`${server.origin}/admin/api/tools`, {
      headers: { 'x-request-id': 'foundation-probe-1' },
    });
    await probe.arrayBuffer();
    const stderr = server.stderr();
    const running = server;
    expect(await stop()).toBe(0);
    expect(stderr).toBe('');
    const access = running
      .stdout()
      .split('\n')
      .filter((line) => line.includes('"requestId":"foundation-probe-1"'))
      .map((line) => JSON.parse(line) as unknown);
    expect(access).toEqual([
      expect.objectContaining({ path: '/admin/api/tools', status: probe.status }),
    ]);
  }, 300_000);

  it('should refuse to start on an unmigrated database, saying what to run', async () => {
    const unmigrated = await mkdtemp(join(tmpdir(), 'mcp-unmigrated-'));
    try {
      const failure = await spawnServer({ MCP_DATA_DIR: unmigrated }, { migrate: false }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ServerExitedError);
      const { code, stderr } = (failure as ServerExitedError).result;
      expect(code).toBe(1);
      expect(stderr).toContain('run `npm run migrate`');
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      await rm(unmigrated, { recursive: true, force: true });
    }
  }, 120_000);

  it('should have made the tool versions and the audited call durable', async () => {
    first = await snapshot();
    expect(first.toolVersions.map((row) => row.name)).toEqual(
      expect.arrayContaining(['echo', 'current_time']),
    );
    // echo is read-only: one row, committed before its result left (docs/architecture.md).
    expect(first.auditRows.map((row) => [row.event, row.outcome])).toEqual([
      ['tool_call.completed', 'success'],
    ]);
  }, 120_000);

  it('should restart on the same directory with the rows kept, and refuse a second process', async () => {
    const migrated = await runMigrate(env);
    expect(migrated).toMatchObject({ code: 0, stdout: expect.stringContaining('is up to date') });

    server = await spawnServer(env, { migrate: false });
    await useServer(server, 'second run');

    const second = await spawnServer(env, { migrate: false }).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(ServerExitedError);
    const { result } = second as ServerExitedError;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `the embedded database in ${dataDir} is in use by process ${server.pid}`,
    );
    expect(await stop()).toBe(0);

    const after = await snapshot();
    // Same definitions, so the same rows: a restart neither loses nor duplicates them.
    expect(after.toolVersions).toEqual(first.toolVersions);
    expect(after.auditRows.slice(0, 1)).toEqual(first.auditRows);
    expect(after.auditRows.slice(1).map((row) => [row.event, row.outcome])).toEqual([
      ['tool_call.completed', 'success'],
    ]);
  }, 400_000);
});
