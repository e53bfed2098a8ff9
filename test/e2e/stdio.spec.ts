import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openDatabase } from '../../src/persistence/open-database.js';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../support/database.js';
import { ensureBuild } from '../support/ensure-build.js';
import { initializeRequest } from '../support/json-rpc-http.js';
import { expectHttpErrorBody } from '../support/schema-validator.js';

const ENTRY = resolve(import.meta.dirname, '../../dist/src/cli/stdio.js');
const ANSI_ESCAPE = '\u001b[';

/** The stdio server as a client configuration starts it: `node dist/src/cli/stdio.js`. */
function spawnStdio(env: Record<string, string>): {
  child: ChildProcessWithoutNullStreams;
  output: { stdout: string; stderr: string };
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [ENTRY], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  // 'close', not 'exit': the output pipes are drained by then.
  const exited = once(child, 'close').then(([code]) => code as number | null);
  return { child, output, exited };
}

function stdioEnv(database: TestDatabase, extra: Record<string, string> = {}) {
  return {
    PATH: process.env.PATH ?? '',
    ...database.env,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    MCP_STDIO_ROLES: 'analyst',
    ...extra,
  };
}

async function connectClient(env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'e2e-stdio', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [ENTRY], env, stderr: 'pipe' }),
  );
  return client;
}

describeEachDatabase('stdio transport (real process)', (tier) => {
  let database: TestDatabase;

  beforeAll(async () => {
    await ensureBuild();
    database = await createTestDatabase(tier, { open: false });
  }, 180_000);

  afterAll(async () => {
    await database?.cleanup();
  });

  it('should initialize, list and call a tool with the SDK stdio client', async () => {
    const client = await connectClient(stdioEnv(database));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('echo');
      const result = await client.callTool({ name: 'echo', arguments: { message: 'over stdio' } });
      expect(result.content).toEqual([{ type: 'text', text: 'over stdio' }]);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('should call a scoped tool with MCP_STDIO_SCOPES and refuse it without', async () => {
    const call = { name: 'hash_chain', arguments: { text: 'abc', rounds: 1 } };
    const scoped = await connectClient(stdioEnv(database, { MCP_STDIO_SCOPES: 'compute' }));
    try {
      const result = await scoped.callTool(call);
      expect(result.structuredContent).toEqual({ digest: expect.any(String), rounds: 1 });
    } finally {
      await scoped.close();
    }
    const unscoped = await connectClient(stdioEnv(database));
    try {
      await expect(unscoped.callTool(call)).rejects.toMatchObject({
        code: -32005,
        data: { requiredScopes: ['compute'] },
      });
    } finally {
      await unscoped.close();
    }
  }, 120_000);

  it('should write only JSON-RPC to stdout, plain logs to stderr, and exit 0 on stdin EOF with its session ended', async () => {
    const { child, output, exited } = spawnStdio(stdioEnv(database));
    const initialize = initializeRequest({ id: 1 });
    child.stdin.write(`${JSON.stringify(initialize)}\n`);
    child.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
    child.stdin.write('not json\n');
    child.stdin.end(
      '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"message":"last"}}}\n',
    );

    expect(await exited).toBe(0);
    const messages = output.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    // Lines are served as they arrive: the parse error may overtake the initialize response.
    expect(messages).toHaveLength(3);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 1,
          result: expect.objectContaining({ protocolVersion: '2025-11-25' }),
        }),
        { jsonrpc: '2.0', error: expect.objectContaining({ code: -32700 }) },
        expect.objectContaining({
          id: 2,
          result: expect.objectContaining({ content: [{ type: 'text', text: 'last' }] }),
        }),
      ]),
    );
    // An unreadable line has no id to echo: the error omits it (valid under every revision's schema).
    expectHttpErrorBody(messages.find((message: { id?: unknown }) => !('id' in message)));
    // stderr is a pipe here (a client's log file): JSON lines, no colours, and no warning about
    // HTTP authentication, which stdio does not use.
    expect(output.stderr).toContain('"msg":"mcp request"');
    expect(output.stderr).not.toContain(ANSI_ESCAPE);
    expect(output.stderr).not.toContain('Authentication is OFF');
    for (const line of output.stderr.trimEnd().split('\n'))
      expect(() => JSON.parse(line)).not.toThrow();

    // The embedded database admits one process: read the sessions once this one has exited.
    const reopened = await openDatabase(database.config);
    try {
      const rows = await reopened.dataSource.query<{ ended: boolean }[]>(
        `SELECT ended_at IS NOT NULL AS ended FROM sessions WHERE transport = 'stdio'`,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.ended)).toBe(true);
    } finally {
      await reopened.close();
    }
  }, 60_000);
});

describe('stdio transport on a data directory another process holds', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    await ensureBuild();
    database = await createTestDatabase('pglite', { open: false });
  }, 180_000);

  afterAll(async () => {
    await database?.cleanup();
  });

  it('should say in one line who holds it and what to do, and exit 1', async () => {
    const env = stdioEnv(database);
    const holder = spawnStdio(env);
    try {
      holder.child.stdin.write(`${JSON.stringify(initializeRequest({ id: 1 }))}\n`);
      await expect.poll(() => holder.output.stdout, { timeout: 60_000 }).toContain('"id":1');

      const second = spawnStdio(env);
      second.child.stdin.end();
      expect(await second.exited).toBe(1);
      expect(second.output.stdout).toBe('');
      const lockFile = `${database.config.dataDir}/pglite.lock`;
      expect(second.output.stderr).toContain(
        `the embedded database in ${database.config.dataDir} is in use by process ` +
          `${holder.child.pid} (running; pid from ${lockFile}): stop that process, point ` +
          'MCP_DATA_DIR at another directory, or share a Postgres through DATABASE_URL\n',
      );
      expect(second.output.stderr).not.toMatch(/\n\s+at /);
      expect(second.output.stderr).not.toContain(ANSI_ESCAPE);
    } finally {
      holder.child.stdin.end();
      await holder.exited;
    }
  }, 120_000);
});
