import { request as httpRequest } from 'node:http';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ANONYMOUS_PRINCIPAL } from '../../src/protocol/context/principal.js';
import { McpSessionService } from '../../src/sessions/mcp-session.service.js';
import { LegacySseConnections } from '../../src/transport/legacy-sse/legacy-sse-connections.js';
import { initializeRequest } from '../support/json-rpc-http.js';
import { expectHttpErrorBody } from '../support/schema-validator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface OpenStream {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** Resolves with the stream text once `predicate` holds for it. */
  until(predicate: (text: string) => boolean): Promise<string>;
  close(): void;
}

/** A raw `GET /sse`, read incrementally (the stream never ends by itself). */
function openStream(origin: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${origin}/sse`,
      { headers: { Accept: 'text/event-stream', ...headers } },
      (res) => {
        let text = '';
        const waiters: (() => void)[] = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          for (const waiter of waiters.splice(0)) waiter();
        });
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          until: (predicate) =>
            new Promise((done) => {
              const check = (): void => {
                if (predicate(text)) done(text);
                else waiters.push(check);
              };
              check();
            }),
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function post(origin: string, path: string, body: string, contentType = 'application/json') {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body,
  });
  return { status: response.status, text: await response.text() };
}

const endpointOf = (text: string): string | undefined =>
  /event: endpoint\ndata: (\S+)\n\n/.exec(text)?.[1];

describe('legacy HTTP+SSE transport (2024-11-05)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { MCP_CONFORMANCE_FIXTURES: 'true' } });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should serve the SDK v1 SSE client: initialize, list, call, progress and sampling', async () => {
    const client = new Client(
      { name: 'sse-e2e', version: '1.0.0' },
      { capabilities: { sampling: {} } },
    );
    client.setRequestHandler(CreateMessageRequestSchema, (request) => ({
      role: 'assistant',
      content: {
        type: 'text',
        text: `echo ${JSON.stringify(request.params.messages[0]?.content)}`,
      },
      model: 'test-model',
    }));
    await client.connect(new SSEClientTransport(new URL(`${app.origin}/sse`)));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('test_simple_text');

      const simple = await client.callTool({ name: 'test_simple_text', arguments: {} });
      expect(simple.content).toEqual([
        { type: 'text', text: 'This is a simple text response for testing.' },
      ]);

      const progress: number[] = [];
      await client.callTool({ name: 'test_tool_with_progress', arguments: {} }, undefined, {
        onprogress: (update) => progress.push(update.progress),
      });
      // The SDK handles notifications a microtask later than responses, so the last progress,
      // sent right before the response, may reach a handler that is already gone.
      expect(progress.slice(0, 2)).toEqual([0, 50]);

      const sampled = await client.callTool({
        name: 'test_sampling',
        arguments: { prompt: 'hi there' },
      });
      expect(sampled.content).toEqual([
        { type: 'text', text: 'LLM response: echo {"type":"text","text":"hi there"}' },
      ]);
    } finally {
      await client.close();
    }
  });

  it('should send the endpoint event first and every message as an event of the stream', async () => {
    const stream = await openStream(app.origin);
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toBe('text/event-stream');
      const first = await stream.until((text) => endpointOf(text) !== undefined);
      expect(first).toMatch(/^event: endpoint\ndata: \/messages\?sessionId=[0-9a-f-]{36}\n\n/);
      const endpoint = endpointOf(first) ?? '';

      const initialize = await post(
        app.origin,
        endpoint,
        JSON.stringify(initializeRequest({ id: 1, protocolVersion: '2024-11-05' })),
      );
      expect(initialize).toEqual({ status: 202, text: 'Accepted' });
      const afterInit = await stream.until((text) => text.includes('"id":1'));
      expect(afterInit).toContain('event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{');
      expect(afterInit).toContain('"protocolVersion":"2024-11-05"');

      await post(app.origin, endpoint, '{"jsonrpc":"2.0","id":2,"method":"ping"}');
      const afterPing = await stream.until((text) => text.includes('"id":2'));
      expect(afterPing).toContain('event: message\ndata: {"jsonrpc":"2.0","id":2,"result":{}}\n\n');
    } finally {
      stream.close();
    }
  });

  it('should refuse requests before initialize on the stream, and answer nothing over HTTP', async () => {
    const stream = await openStream(app.origin);
    try {
      const endpoint = endpointOf(await stream.until((text) => endpointOf(text) !== undefined));
      const ping = await post(
        app.origin,
        endpoint ?? '',
        '{"jsonrpc":"2.0","id":7,"method":"ping"}',
      );
      expect(ping.status).toBe(202);
      const text = await stream.until((all) => all.includes('"id":7'));
      expect(text).toContain('"id":7,"error":{"code":-32600');
    } finally {
      stream.close();
    }
  });

  it.each([
    ['a missing sessionId', '/messages'],
    ['an unknown sessionId', '/messages?sessionId=00000000-0000-4000-8000-000000000000'],
  ])('should answer 404 with a JSON-RPC body for %s', async (_case, path) => {
    const response = await post(app.origin, path, '{"jsonrpc":"2.0","id":1,"method":"ping"}');
    expect(response.status).toBe(404);
    // The connection is looked up before the body is read: there is no request id to echo.
    const body = JSON.parse(response.text) as { error: { code: number } };
    expectHttpErrorBody(body);
    expect(body.error.code).toBe(-32001);
  });

  it('should answer 404 with the request id when the session ended under an open stream', async () => {
    const stream = await openStream(app.origin);
    try {
      const endpoint =
        endpointOf(await stream.until((text) => endpointOf(text) !== undefined)) ?? '';
      await post(app.origin, endpoint, JSON.stringify(initializeRequest({ id: 1 })));
      await stream.until((text) => text.includes('"id":1'));
      const connectionId = new URL(endpoint, app.origin).searchParams.get('sessionId');
      const connection = app.running.app
        .get(LegacySseConnections)
        .find(connectionId, ANONYMOUS_PRINCIPAL);
      const sessionId = connection?.session?.id ?? '';
      expect(await app.running.app.get(McpSessionService).end(sessionId, ANONYMOUS_PRINCIPAL)).toBe(
        true,
      );
      const response = await post(app.origin, endpoint, '{"jsonrpc":"2.0","id":9,"method":"ping"}');
      expect(response.status).toBe(404);
      const body = JSON.parse(response.text) as { error: { code: number } };
      expectHttpErrorBody(body, 9);
      expect(body.error.code).toBe(-32001);
    } finally {
      stream.close();
    }
  });

  it('should refuse bad framing and media types before anything runs', async () => {
    const stream = await openStream(app.origin);
    try {
      const endpoint =
        endpointOf(await stream.until((text) => endpointOf(text) !== undefined)) ?? '';
      const mediaType = await post(app.origin, endpoint, 'ping', 'text/plain');
      expect(mediaType.status).toBe(415);
      expectHttpErrorBody(JSON.parse(mediaType.text));
      const parse = await post(app.origin, endpoint, '{not json');
      expect(parse.status).toBe(400);
      expectHttpErrorBody(JSON.parse(parse.text));
      const batch = await post(app.origin, endpoint, '[{"jsonrpc":"2.0","id":1,"method":"ping"}]');
      expect(batch.status).toBe(400);
      // A batch has no id of its own to echo.
      expectHttpErrorBody(JSON.parse(batch.text));
      expect(JSON.parse(batch.text).error.code).toBe(-32600);
    } finally {
      stream.close();
    }
  });

  it('should refuse a GET that does not accept an event stream, and a foreign Host', async () => {
    const json = await fetch(`${app.origin}/sse`, { headers: { Accept: 'application/json' } });
    expect(json.status).toBe(406);
    expectHttpErrorBody(await json.json());
    const rebound = await openStream(app.origin, { Host: 'evil.example.com' });
    expect(rebound.status).toBe(403);
    expectHttpErrorBody(JSON.parse(await rebound.until((text) => text.endsWith('}'))));
    rebound.close();
  });

  it('should end the session when the stream closes', async () => {
    const connections = app.running.app.get(LegacySseConnections);
    const before = connections.size;
    const stream = await openStream(app.origin);
    const endpoint = endpointOf(await stream.until((text) => endpointOf(text) !== undefined)) ?? '';
    expect(connections.size).toBe(before + 1);
    stream.close();
    await expect.poll(() => connections.size).toBe(before);
    const late = await post(app.origin, endpoint, '{"jsonrpc":"2.0","id":1,"method":"ping"}');
    expect(late.status).toBe(404);
  });
});
