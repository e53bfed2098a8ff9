import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freePort } from '../support/free-port.js';
import { OtlpReceiver } from '../support/otlp-receiver.js';
import { RawMcpSession } from '../support/raw-mcp-client.js';
import { type SpawnedServer, spawnServer } from '../support/spawn-server.js';

const SERVER_ENTRY = resolve(import.meta.dirname, '../../dist/src/main.js');
const WIRING_CONTEXTS = ['InstanceLoader', 'RoutesResolver', 'RouterExplorer'];
const hasScript = spawnSync('script', ['--version']).status === 0;

type LogLine = Record<string, unknown>;

/** The built server's logs, as `npm start` writes them into a pipe or a terminal. */
describe('logs of the HTTP server (real process)', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mcp-logs-'));
    env = { MCP_DATA_DIR: dataDir, LOG_LEVEL: 'info', AUTH_DEV_ISSUER: 'true' };
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('into a pipe', () => {
    let server: SpawnedServer;

    beforeAll(async () => {
      server = await spawnServer(env);
    }, 240_000);

    afterAll(async () => {
      await server?.stop();
    });

    const lines = (): LogLine[] =>
      server
        .stdout()
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as LogLine);

    it("should write JSON, without Nest's wiring lines, ending the boot with one summary line", async () => {
      // Lines leave in 4 KB blocks or after 250 ms.
      await expect.poll(() => server.stdout(), { timeout: 5_000 }).toContain('"msg":"ready"');
      const logged = lines();
      expect(logged.filter((line) => WIRING_CONTEXTS.includes(line.context as string))).toEqual([]);
      const last = logged.at(-1);
      expect(last).toMatchObject({
        level: 30,
        context: 'Bootstrap',
        msg: 'ready',
        mcp: server.url,
        dashboard: `${server.origin}/admin/`,
        admin: `${server.origin}/admin/api/docs`,
        adminToken: 'npm run token -- --sub you --roles admin',
        database: `embedded PGlite at ${dataDir}`,
        auth: `on: tokens from the development issuer for ${server.url}`,
      });
      expect(server.stdout()).not.toContain('\u001b[');
    });

    it('should write one short access line per request: 404 at info, 401 at warn', async () => {
      const notFound = await fetch(`${server.origin}/admin/api/nope?token=secret`, {
        headers: { authorization: 'Bearer not-a-token', 'x-request-id': 'lb-404' },
      });
      expect(notFound.status).toBe(404);
      const unauthorized = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
      });
      expect(unauthorized.status).toBe(401);

      const access = (): LogLine[] => lines().filter((line) => line.context === 'HttpAccess');
      await expect.poll(() => access().length, { timeout: 5_000 }).toBe(2);
      const common = {
        time: expect.any(Number),
        pid: server.pid,
        hostname: expect.any(String),
        context: 'HttpAccess',
        durationMs: expect.any(Number),
        msg: 'http request',
      };
      expect(access()).toEqual([
        {
          ...common,
          level: 30,
          requestId: 'lb-404',
          method: 'GET',
          path: '/admin/api/nope',
          status: 404,
        },
        {
          ...common,
          level: 40,
          requestId: unauthorized.headers.get('x-request-id'),
          method: 'POST',
          path: '/mcp',
          status: 401,
          reason: expect.any(String),
        },
      ]);
      expect(server.stdout()).not.toContain('secret');
      expect(server.stdout()).not.toContain('not-a-token');
    });
  });

  describe('with tracing on', () => {
    const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
    const receiver = new OtlpReceiver();
    let server: SpawnedServer;

    beforeAll(async () => {
      const endpoint = await receiver.start();
      // Auth off (loopback, no issuer): the session needs no token.
      server = await spawnServer({
        ...env,
        AUTH_DEV_ISSUER: 'false',
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      });
    }, 240_000);

    afterAll(async () => {
      await server?.stop();
      await receiver.close();
    });

    it('should carry the trace and span id of the request in its log lines', async () => {
      const session = await RawMcpSession.open(server.url);
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { ...session.headers(), traceparent: `00-${TRACE}-00f067aa0ba902b7-01` },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'echo', arguments: { message: 'traced' } },
        }),
      });
      expect(response.status).toBe(200);
      await session.close();
      const requestLines = (): LogLine[] =>
        server
          .stdout()
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line) as LogLine)
          .filter((line) => line.context === 'RequestLogLine');
      // One line per JSON-RPC request the core serves (initialize opens the session instead).
      await expect.poll(() => requestLines().length, { timeout: 5_000 }).toBe(1);
      const [call] = requestLines();
      expect(call).toMatchObject({
        method: 'tools/call',
        tool: 'echo',
        trace_id: TRACE,
        span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
        trace_flags: '01',
      });
    });
  });

  it.skipIf(!hasScript)(
    'should write pretty, coloured lines into a terminal, the summary as a block',
    async () => {
      const port = await freePort();
      // `script` runs the server on a pseudo-terminal and copies what it writes to its stdout.
      const child = spawn(
        'script',
        ['-qfc', `exec ${process.execPath} ${SERVER_ENTRY}`, '/dev/null'],
        {
          env: {
            PATH: process.env.PATH,
            HOST: '127.0.0.1',
            PORT: String(port),
            MCP_DRAIN_DELAY_MS: '0',
            ...env,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const closed = once(child, 'close');
      try {
        await expect
          .poll(() => output, { timeout: 120_000, interval: 500 })
          .toContain('adminToken');
        await expect.poll(() => output, { timeout: 5_000 }).toContain('auth ');
        const text = output.replaceAll('\r\n', '\n');
        // The level in green (SGR 32), then the summary one field per line.
        expect(text).toContain(' \u001b[32mINFO \u001b[39m ready\n');
        expect(text).toContain(`\n    mcp         http://127.0.0.1:${port}/mcp\n`);
        expect(text).toContain('\n    adminToken  npm run token -- --sub you --roles admin\n');
        expect(text).not.toContain('{"level"');
        expect(text).not.toContain('InstanceLoader');
      } finally {
        child.kill('SIGTERM');
        await closed;
      }
    },
    180_000,
  );
});
