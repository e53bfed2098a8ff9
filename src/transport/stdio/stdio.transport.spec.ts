import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../config/app-config.js';
import type { McpSession } from '../../protocol/context/mcp-session.js';
import { NULL_SINK } from '../../protocol/context/message-sink.js';
import type { RequestContext } from '../../protocol/context/request-context.js';
import type { McpDispatcher } from '../../mcp/dispatcher/mcp-dispatcher.js';
import type {
  JsonRpcMessage,
  JsonRpcRequest,
  JsonRpcResponse,
} from '../../protocol/json-rpc/json-rpc.types.js';
import type { LegacyProtocolVersion } from '../../protocol/protocol-version.js';
import type { McpSessionService } from '../../sessions/mcp-session.service.js';
import type { DatabaseCloser } from '../../persistence/database-closer.service.js';
import { StdioTransport } from './stdio.transport.js';

/** Answers `initialize` with a session of the requested revision; `slow` replies after 50 ms. */
class FakeDispatcher {
  readonly contexts: RequestContext[] = [];

  initialize(request: JsonRpcRequest) {
    const protocolVersion = request.params?.protocolVersion as LegacyProtocolVersion;
    const session: McpSession = {
      id: 'stdio-session',
      subject: 'stdio:test',
      transport: 'stdio',
      protocolVersion,
      clientInfo: undefined,
      clientCapabilities: {},
      logLevel: undefined,
      initialized: false,
      standaloneSink: NULL_SINK,
      resourceSubscriptions: new Map(),
      forwardedSubscriptions: new Map(),
    };
    return Promise.resolve({
      response: { jsonrpc: '2.0' as const, id: request.id, result: { protocolVersion } },
      session,
    });
  }

  async dispatch(
    message: JsonRpcMessage,
    ctx: RequestContext,
  ): Promise<JsonRpcResponse | undefined> {
    this.contexts.push(ctx);
    if (!('method' in message) || !('id' in message)) return undefined;
    if (message.method === 'slow') {
      ctx.sink.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { jsonrpc: '2.0', id: message.id, result: { method: message.method } };
  }
}

const PING = '{"jsonrpc":"2.0","id":1,"method":"ping"}\n';

function initialize(version: string, id = 0): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: version },
  });
}

/** Records the sessions ended and the drains registered before the database closes. */
class FakeSessions {
  readonly ended: string[] = [];
  readonly drains: (() => Promise<void>)[] = [];

  end(id: string): Promise<boolean> {
    this.ended.push(id);
    return Promise.resolve(true);
  }

  beforeClose(drain: () => Promise<void>): void {
    this.drains.push(drain);
  }
}

/** Feeds `input` (then EOF) and returns every line written to stdout once `run` resolved. */
async function serve(input: string[], env: Record<string, string> = {}) {
  const dispatcher = new FakeDispatcher();
  const sessions = new FakeSessions();
  const sut = new StdioTransport(
    loadConfig({ MCP_STDIO_ROLES: 'analyst', MCP_MAX_BODY_BYTES: '1024', ...env }),
    dispatcher as unknown as McpDispatcher,
    sessions as unknown as McpSessionService,
    sessions as unknown as DatabaseCloser,
  );
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const written: string[] = [];
  stdout.on('data', (chunk: Buffer) => written.push(chunk.toString()));
  const running = sut.run(stdin, stdout);
  for (const chunk of input) stdin.write(chunk);
  stdin.end();
  await running;
  const text = written.join('');
  expect(text.endsWith('\n')).toBe(true);
  return {
    lines: text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line)),
    dispatcher,
    sessions,
  };
}

describe(StdioTransport.name, () => {
  it('should serve requests in the implicit session with the stdio principal', async () => {
    const { lines, dispatcher } = await serve([
      `${initialize('2025-11-25')}\n`,
      '{"jsonrpc":"2.0","method":"notifications/initialized"}\n{"jsonrpc":"2.0","id":1,"method":"ping"}\n',
    ]);
    expect(lines).toEqual([
      { jsonrpc: '2.0', id: 0, result: { protocolVersion: '2025-11-25' } },
      { jsonrpc: '2.0', id: 1, result: { method: 'ping' } },
    ]);
    const ctx = dispatcher.contexts[1]!;
    expect(ctx.transport).toBe('stdio');
    expect(ctx.session?.id).toBe('stdio-session');
    expect(ctx.principal).toMatchObject({ roles: ['analyst'], authenticated: true });
    expect(ctx.principal.subject).toMatch(/^stdio:/);
  });

  it('should give the stdio principal the scopes of MCP_STDIO_SCOPES', async () => {
    const { dispatcher } = await serve([`${initialize('2025-11-25')}\n`, PING], {
      MCP_STDIO_SCOPES: 'compute, tickets:write',
    });
    expect([...dispatcher.contexts[0]!.principal.scopes]).toEqual(['compute', 'tickets:write']);
  });

  it('should end the session once stdin ends, and only once', async () => {
    const { sessions } = await serve([`${initialize('2025-11-25')}\n`, PING]);
    expect(sessions.ended).toEqual(['stdio-session']);
    for (const drain of sessions.drains) await drain();
    expect(sessions.ended).toEqual(['stdio-session']);
  });

  it('should end the session before the database closes when stopped by a signal', async () => {
    const dispatcher = new FakeDispatcher();
    const sessions = new FakeSessions();
    const sut = new StdioTransport(
      loadConfig({}),
      dispatcher as unknown as McpDispatcher,
      sessions as unknown as McpSessionService,
      sessions as unknown as DatabaseCloser,
    );
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const answered = new Promise((resolve) => stdout.once('data', resolve));
    void sut.run(stdin, stdout);
    stdin.write(`${initialize('2025-11-25')}\n`);
    await answered;
    for (const drain of sessions.drains) await drain();
    expect(sessions.ended).toEqual(['stdio-session']);
  });

  it('should answer a request before initialize with -32600 and drop notifications', async () => {
    const { lines } = await serve([
      '{"jsonrpc":"2.0","method":"notifications/initialized"}\n',
      '{"jsonrpc":"2.0","id":"d","method":"server/discover"}\n',
    ]);
    expect(lines).toEqual([
      { jsonrpc: '2.0', id: 'd', error: expect.objectContaining({ code: -32600 }) },
    ]);
  });

  it('should answer a malformed line with -32700 and no id, and go on', async () => {
    const { lines } = await serve(['{"jsonrpc":\n', `${initialize('2025-06-18')}\n`]);
    expect(lines[0]).toEqual({
      jsonrpc: '2.0',
      error: expect.objectContaining({ code: -32700 }),
    });
    expect(lines[1]).toMatchObject({ id: 0, result: {} });
  });

  it('should refuse a line over MCP_MAX_BODY_BYTES without buffering it', async () => {
    const { lines } = await serve([
      `{"pad":"${'x'.repeat(2000)}`,
      '"}\n',
      `${initialize('2025-06-18')}\n`,
    ]);
    expect(lines[0]).toEqual({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Payload Too Large', data: { maxBytes: 1024 } },
    });
    expect(lines[1]).toMatchObject({ id: 0 });
    expect(lines).toHaveLength(2);
  });

  it('should finish in-flight requests after stdin EOF, their related messages first', async () => {
    const { lines } = await serve([
      `${initialize('2025-11-25')}\n`,
      '{"jsonrpc":"2.0","id":9,"method":"slow"}\n',
    ]);
    expect(lines.slice(1)).toEqual([
      { jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } },
      { jsonrpc: '2.0', id: 9, result: { method: 'slow' } },
    ]);
  });

  it('should answer a 2025-03-26 batch with one array', async () => {
    const batch =
      '[{"jsonrpc":"2.0","id":1,"method":"a"},{"jsonrpc":"2.0","method":"n"},{"jsonrpc":"2.0","id":2,"method":"b"}]';
    const { lines } = await serve([`${initialize('2025-03-26')}\n`, `${batch}\n`]);
    expect(lines[1]).toEqual([
      { jsonrpc: '2.0', id: 1, result: { method: 'a' } },
      { jsonrpc: '2.0', id: 2, result: { method: 'b' } },
    ]);
  });

  it('should refuse a batch in a revision without batches', async () => {
    const { lines } = await serve([
      `${initialize('2025-06-18')}\n`,
      '[{"jsonrpc":"2.0","id":1,"method":"a"}]\n',
    ]);
    expect(lines[1]).toEqual({
      jsonrpc: '2.0',
      error: expect.objectContaining({ code: -32600 }),
    });
  });
});
