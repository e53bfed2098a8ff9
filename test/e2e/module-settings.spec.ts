import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ServerExitedError, spawnServer } from '../support/spawn-server.js';

describe('module settings and .env, read by the built server at start-up', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcp-settings-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('should exit 78 on a bad module setting from .env, listed with the core problems', async () => {
    await writeFile(join(dir, '.env'), 'EXAMPLE_ECHO_MAX_LENGTH=lots\n');
    const env = { MCP_DATA_DIR: join(dir, 'data'), MCP_PAGE_SIZE: '0' };
    const failure = await spawnServer(env, { cwd: dir, migrate: false }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ServerExitedError);
    const { code, stderr } = (failure as ServerExitedError).result;
    expect(code).toBe(78);
    expect(stderr).toBe(
      'Invalid configuration:\n' +
        '  - MCP_PAGE_SIZE must be an integer between 1 and 10000, got "0"\n' +
        '  - EXAMPLE_ECHO_MAX_LENGTH must be an integer between 1 and 10000, got "lots"\n',
    );
  }, 120_000);

  it('should read .env of the working directory, the process environment winning', async () => {
    await writeFile(
      join(dir, '.env'),
      'EXAMPLE_ECHO_MAX_LENGTH=lots\nMCP_SERVER_NAME=named-in-dotenv\n',
    );
    const env = { MCP_DATA_DIR: join(dir, 'data'), EXAMPLE_ECHO_MAX_LENGTH: '5' };
    const server = await spawnServer(env, { cwd: dir });
    const client = new Client({ name: 'e2e-settings', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      expect(client.getServerVersion()?.name).toBe('named-in-dotenv');
      const short = await client.callTool({ name: 'echo', arguments: { message: 'hello' } });
      expect(short).toMatchObject({ content: [{ type: 'text', text: 'hello' }] });
      const long = await client.callTool({ name: 'echo', arguments: { message: 'hello!' } });
      expect(long).toMatchObject({
        content: [{ type: 'text', text: 'message is longer than 5 characters' }],
        isError: true,
      });
    } finally {
      await client.close();
      expect(await server.stop()).toBe(0);
    }
  }, 180_000);
});
