import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';

import {
  Client as ClientV2,
  StreamableHTTPClientTransport as TransportV2,
} from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { McpDispatcher } from '../../src/mcp/dispatcher/mcp-dispatcher.js';
import {
  HTTP_REJECTIONS,
  type HttpRejectionKey,
} from '../../src/transport/http/http-rejections.js';
import { initializeRequest } from '../support/json-rpc-http.js';
import { rawHttpExchange } from '../support/raw-http.js';
import { expectHttpErrorBody } from '../support/schema-validator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

const SDK_HEADERS = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
};
const INITIALIZE = initializeRequest();
const PING = { jsonrpc: '2.0', id: 1, method: 'ping' };

/**
 * Rows of docs/http-errors.md this suite cannot provoke against a healthy app, and where they
 * are covered instead. Every other row has a test below that checks status and code.
 */
const NOT_PROVOKED: Partial<Record<HttpRejectionKey, string>> = {
  insufficientScope: 'no shipped tool requires a scope; post-responder.spec.ts',
  unavailable: 'needs a failing audit database; post-responder.spec.ts (Retry-After)',
  internalError: 'needs a server fault',
  requestTimeout: 'Node checks timeouts every 30 s; server-limits maps the code',
  modernMethodNotAllowed: 'test/e2e/modern-http.spec.ts',
  modernInvalidParams: 'test/e2e/modern-http.spec.ts',
  headerMismatch: 'test/e2e/modern-http.spec.ts',
  modernUnsupportedVersion: 'test/e2e/modern-http.spec.ts',
  missingClientCapability: 'test/e2e/modern-http.spec.ts',
  modernMethodNotFound: 'test/e2e/modern-http.spec.ts',
};

describe('Streamable HTTP on /mcp', () => {
  let app: TestApp;
  let dispatch: ReturnType<typeof vi.spyOn>;
  let initialize: ReturnType<typeof vi.spyOn>;
  const provoked = new Set<HttpRejectionKey>();

  beforeAll(async () => {
    app = await startTestApp({
      env: {
        MCP_CONFORMANCE_FIXTURES: 'true',
        MCP_MAX_BODY_BYTES: '65536',
        MCP_MAX_JSON_DEPTH: '16',
        MCP_MAX_STREAMS_PER_SESSION: '1',
      },
    });
    const dispatcher = app.running.app.get(McpDispatcher);
    dispatch = vi.spyOn(dispatcher, 'dispatch');
    initialize = vi.spyOn(dispatcher, 'initialize');
  });

  afterAll(async () => {
    await app?.close();
  });

  afterEach(() => {
    dispatch.mockClear();
    initialize.mockClear();
  });

  /** One request; an array value sends that header once per element. */
  function raw(
    method: string,
    headers: Record<string, string | string[]>,
    body?: string | Buffer,
  ): Promise<RawResponse> {
    const url = new URL(app.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method,
          headers,
          setHost: !('Host' in headers),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async function openSession(): Promise<string> {
    const response = await raw('POST', SDK_HEADERS, JSON.stringify(INITIALIZE));
    expect(response.status).toBe(200);
    const id = response.headers['mcp-session-id'];
    expect(typeof id).toBe('string');
    await raw(
      'POST',
      { ...SDK_HEADERS, 'Mcp-Session-Id': String(id) },
      '{"jsonrpc":"2.0","method":"notifications/initialized"}',
    );
    // What ran to open the session is not part of the rejection that follows.
    dispatch.mockClear();
    initialize.mockClear();
    return String(id);
  }

  /**
   * Asserts the row's status and code, a body valid under every revision's schema that echoes
   * `id` (the request's, when the rejection came after its body was read), and that neither the
   * dispatcher nor a handler ran.
   */
  function expectRejection(
    response: RawResponse,
    key: HttpRejectionKey,
    id?: number,
  ): Record<string, unknown> {
    const spec = HTTP_REJECTIONS[key];
    expect(response.status, response.body).toBe(spec.status);
    expect(response.headers['content-type']).toBe('application/json');
    const body = JSON.parse(response.body) as { error: Record<string, unknown> };
    expectHttpErrorBody(body, id);
    expect(body.error.code).toBe(spec.code);
    if (spec.message !== undefined) expect(body.error.message).toBe(spec.message);
    expect(initialize).not.toHaveBeenCalled();
    expect(dispatch).not.toHaveBeenCalled();
    provoked.add(key);
    return body.error;
  }

  describe('official SDK clients', () => {
    it('should initialize, list and call with the SDK 1.x client, progress arriving on SSE', async () => {
      const client = new ClientV1({ name: 'e2e-v1', version: '1.0.0' });
      await client.connect(new TransportV1(new URL(app.url)));
      try {
        expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('echo');
        const progress: number[] = [];
        const result = await client.callTool(
          { name: 'test_tool_with_progress', arguments: {} },
          undefined,
          {
            onprogress: ({ progress: value }) => progress.push(value),
          },
        );
        expect(result.isError).toBeFalsy();
        expect(progress.length).toBeGreaterThanOrEqual(3);
      } finally {
        await client.close();
      }
    });

    it('should initialize, list and call with the SDK 2.x client', async () => {
      const client = new ClientV2({ name: 'e2e-v2', version: '1.0.0' });
      await client.connect(new TransportV2(new URL(app.url)));
      try {
        const result = await client.callTool({ name: 'echo', arguments: { message: 'hi' } });
        expect(result.content).toEqual([{ type: 'text', text: 'hi' }]);
        await client.ping();
      } finally {
        await client.close();
      }
    });
  });

  describe('sessions', () => {
    it('should answer a ping as JSON and a notification with 202', async () => {
      const id = await openSession();
      const headers = {
        ...SDK_HEADERS,
        'Mcp-Session-Id': id,
        'MCP-Protocol-Version': '2025-11-25',
      };
      const pong = await raw('POST', headers, JSON.stringify(PING));
      expect(pong.status).toBe(200);
      expect(JSON.parse(pong.body)).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
      const accepted = await raw(
        'POST',
        headers,
        '{"jsonrpc":"2.0","method":"notifications/initialized"}',
      );
      expect(accepted).toMatchObject({ status: 202, body: '' });
    });

    it('should accept a different supported MCP-Protocol-Version inside a session (conformance 0.1.16)', async () => {
      const id = await openSession();
      const response = await raw(
        'POST',
        { ...SDK_HEADERS, 'Mcp-Session-Id': id, 'MCP-Protocol-Version': '2025-03-26' },
        JSON.stringify(PING),
      );
      expect(response.status).toBe(200);
    });

    it('should open one GET stream per session, end it on DELETE, then answer 404', async () => {
      const id = await openSession();
      const stream = await fetch(app.url, {
        headers: { Accept: 'text/event-stream', 'Mcp-Session-Id': id },
      });
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toBe('text/event-stream');
      const second = await raw('GET', { Accept: 'text/event-stream', 'Mcp-Session-Id': id });
      expectRejection(second, 'streamConflict');
      const deleted = await raw('DELETE', { 'Mcp-Session-Id': id });
      expect(deleted.status).toBe(204);
      // A 2025-11-25 stream opens with its priming event; the DELETE then ends it.
      const reader = stream.body!.getReader();
      expect((await reader.read()).value).toEqual(expect.any(Uint8Array));
      expect((await reader.read()).done).toBe(true);
      const after = await raw(
        'POST',
        { ...SDK_HEADERS, 'Mcp-Session-Id': id },
        JSON.stringify(PING),
      );
      expectRejection(after, 'sessionNotFound', PING.id);
    });

    it('should answer CORS preflights of allowed origins without authentication', async () => {
      const origin = new URL(app.url).origin;
      const response = await raw('OPTIONS', {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
      });
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(origin);
      expect(response.headers['access-control-expose-headers']).toContain('Mcp-Session-Id');
      expect(response.headers['access-control-allow-headers']).toContain('MCP-Protocol-Version');
    });

    it('should pass the conformance dns-rebinding-protection scenario', async () => {
      const evil = await raw(
        'POST',
        { ...SDK_HEADERS, Host: 'evil.example.com', Origin: 'http://evil.example.com' },
        JSON.stringify(INITIALIZE),
      );
      expect(evil.status).toBeGreaterThanOrEqual(400);
      expect(evil.status).toBeLessThan(500);
      const port = new URL(app.url).port;
      const local = await raw(
        'POST',
        { ...SDK_HEADERS, Host: `localhost:${port}`, Origin: `http://localhost:${port}` },
        JSON.stringify(INITIALIZE),
      );
      expect(local.status).toBe(200);
    });
  });

  describe('every rejection of docs/http-errors.md', () => {
    it('duplicateHeader: a second Authorization or Mcp-Session-Id, even of the same value', async () => {
      const id = await openSession();
      for (const [name, values] of [
        ['Authorization', ['Bearer a', 'Bearer b']],
        ['Mcp-Session-Id', [id, id]],
      ] as const) {
        const error = expectRejection(
          await raw(
            'POST',
            { ...SDK_HEADERS, 'Mcp-Session-Id': id, [name]: [...values] },
            JSON.stringify(PING),
          ),
          'duplicateHeader',
        );
        expect(error.data).toEqual({ header: name.toLowerCase() });
      }
    });

    it('originForbidden: a foreign Origin, and Origin: null', async () => {
      expectRejection(
        await raw(
          'POST',
          { ...SDK_HEADERS, Origin: 'http://evil.example.com' },
          JSON.stringify(INITIALIZE),
        ),
        'originForbidden',
      );
      expectRejection(
        await raw('POST', { ...SDK_HEADERS, Origin: 'null' }, JSON.stringify(INITIALIZE)),
        'originForbidden',
      );
    });

    it('hostForbidden: a rebound Host without Origin', async () => {
      expectRejection(
        await raw(
          'POST',
          { ...SDK_HEADERS, Host: 'evil.example.com:80' },
          JSON.stringify(INITIALIZE),
        ),
        'hostForbidden',
      );
    });

    it('methodNotAllowed: PUT', async () => {
      const response = await raw('PUT', SDK_HEADERS, '{}');
      expectRejection(response, 'methodNotAllowed');
      expect(response.headers.allow).toBe('GET, POST, DELETE, OPTIONS');
    });

    it('unsupportedMediaType: text/plain', async () => {
      expectRejection(
        await raw(
          'POST',
          { ...SDK_HEADERS, 'Content-Type': 'text/plain' },
          JSON.stringify(INITIALIZE),
        ),
        'unsupportedMediaType',
      );
    });

    it('notAcceptable: a POST accepting only HTML', async () => {
      expectRejection(
        await raw('POST', { ...SDK_HEADERS, Accept: 'text/html' }, JSON.stringify(INITIALIZE)),
        'notAcceptable',
      );
    });

    it('notAcceptableStream: a GET accepting only JSON', async () => {
      expectRejection(await raw('GET', { Accept: 'application/json' }), 'notAcceptableStream');
    });

    it('unsupportedEncoding: Content-Encoding zstd', async () => {
      expectRejection(
        await raw(
          'POST',
          { ...SDK_HEADERS, 'Content-Encoding': 'zstd' },
          JSON.stringify(INITIALIZE),
        ),
        'unsupportedEncoding',
      );
    });

    it('payloadTooLarge: over MCP_MAX_BODY_BYTES, plain and as a gzip bomb', async () => {
      const plain = await raw('POST', SDK_HEADERS, `{"pad":"${'x'.repeat(70_000)}"}`);
      expect(expectRejection(plain, 'payloadTooLarge').data).toEqual({ maxBytes: 65_536 });
      const bomb = gzipSync(Buffer.from(`{"pad":"${'x'.repeat(10_000_000)}"}`));
      expect(bomb.length).toBeLessThan(65_536);
      expectRejection(
        await raw('POST', { ...SDK_HEADERS, 'Content-Encoding': 'gzip' }, bomb),
        'payloadTooLarge',
      );
    });

    it('undecodableBody: a corrupt gzip body', async () => {
      expectRejection(
        await raw('POST', { ...SDK_HEADERS, 'Content-Encoding': 'gzip' }, 'garbage'),
        'undecodableBody',
      );
    });

    it('parseError: malformed JSON', async () => {
      expectRejection(await raw('POST', SDK_HEADERS, '{"jsonrpc":'), 'parseError');
    });

    it('invalidRequest: too deep, not JSON-RPC, and a batch outside 2025-03-26', async () => {
      const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
      expect(expectRejection(await raw('POST', SDK_HEADERS, deep), 'invalidRequest').data).toEqual({
        maxDepth: 16,
      });
      expectRejection(
        await raw('POST', SDK_HEADERS, '{"jsonrpc":"1.0","id":1,"method":"ping"}'),
        'invalidRequest',
      );
      const id = await openSession();
      expectRejection(
        await raw('POST', { ...SDK_HEADERS, 'Mcp-Session-Id': id }, JSON.stringify([PING, PING])),
        'invalidRequest',
      );
    });

    it('initializeWithSession: initialize carrying Mcp-Session-Id', async () => {
      const id = await openSession();
      expectRejection(
        await raw('POST', { ...SDK_HEADERS, 'Mcp-Session-Id': id }, JSON.stringify(INITIALIZE)),
        'initializeWithSession',
        INITIALIZE.id as number,
      );
    });

    it('sessionRequired: a request without Mcp-Session-Id, on POST, GET and DELETE', async () => {
      expectRejection(
        await raw('POST', SDK_HEADERS, JSON.stringify(PING)),
        'sessionRequired',
        PING.id,
      );
      expectRejection(await raw('GET', { Accept: 'text/event-stream' }), 'sessionRequired');
      expectRejection(await raw('DELETE', {}), 'sessionRequired');
    });

    it('unsupportedProtocolVersion: an unknown MCP-Protocol-Version', async () => {
      const id = await openSession();
      const error = expectRejection(
        await raw(
          'POST',
          { ...SDK_HEADERS, 'Mcp-Session-Id': id, 'MCP-Protocol-Version': '1999-01-01' },
          JSON.stringify(PING),
        ),
        'unsupportedProtocolVersion',
        PING.id,
      );
      expect(error.data).toMatchObject({
        requested: '1999-01-01',
        supported: expect.arrayContaining(['2025-11-25']),
      });
    });

    it('sessionNotFound: unknown, garbled and foreign-looking ids', async () => {
      for (const id of ['8f9c1c1e-6c1f-4d7c-9d1b-2a3f4b5c6d7e', 'not-a-session', "x' OR 1=1 --"]) {
        expectRejection(
          await raw('POST', { ...SDK_HEADERS, 'Mcp-Session-Id': id }, JSON.stringify(PING)),
          'sessionNotFound',
          PING.id,
        );
      }
    });

    it('rateLimited: a request over MCP_MAX_STREAMS_PER_SESSION, echoing its id', async () => {
      const headers = { ...SDK_HEADERS, 'Mcp-Session-Id': await openSession() };
      const slow = raw(
        'POST',
        headers,
        JSON.stringify({
          jsonrpc: '2.0',
          id: 5,
          method: 'tools/call',
          params: { name: 'slow_compute', arguments: { seconds: 1 } },
        }),
      );
      await vi.waitFor(() => expect(dispatch).toHaveBeenCalledOnce());
      dispatch.mockClear();
      const response = await raw('POST', headers, JSON.stringify(PING));
      expect(expectRejection(response, 'rateLimited', PING.id).data).toEqual({ maxStreams: 1 });
      expect(response.headers['retry-after']).toBe('1');
      expect((await slow).status).toBe(200);
    });

    it('headersTooLarge: headers over MCP_MAX_HEADER_BYTES', async () => {
      expectRejection(
        await raw(
          'POST',
          { ...SDK_HEADERS, 'X-Pad': 'x'.repeat(20_000) },
          JSON.stringify(INITIALIZE),
        ),
        'headersTooLarge',
      );
    });

    it('malformedHttp: bytes that are not HTTP', async () => {
      const { head, body } = await rawHttpExchange(app.url, 'NOT HTTP AT ALL\r\n\r\n');
      expect(head.startsWith('HTTP/1.1 400')).toBe(true);
      const json = JSON.parse(body) as { error: { code: number } };
      expectHttpErrorBody(json);
      expect(json.error.code).toBe(HTTP_REJECTIONS.malformedHttp.code);
      provoked.add('malformedHttp');
    });

    it('should cover every row of the table (or say where it is covered)', () => {
      const keys = Object.keys(HTTP_REJECTIONS) as HttpRejectionKey[];
      const uncovered = keys.filter(
        (key) => !provoked.has(key) && NOT_PROVOKED[key] === undefined && key !== 'unauthenticated',
      );
      // `unauthenticated` is provoked by the suite below, against an app that requires tokens.
      expect(uncovered).toEqual([]);
    });
  });
});

describe('Streamable HTTP on /mcp with authentication required', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { AUTH_DEV_ISSUER: 'true' } });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('unauthenticated: 401 with the RFC 9728 challenge, for a missing and a bad token', async () => {
    for (const headers of [SDK_HEADERS, { ...SDK_HEADERS, Authorization: 'Bearer not.a.jwt' }]) {
      const response = await fetch(app.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(INITIALIZE),
      });
      expect(response.status).toBe(HTTP_REJECTIONS.unauthenticated.status);
      expect(response.headers.get('www-authenticate')).toContain('resource_metadata="');
      const body = (await response.json()) as { error: { code: number } };
      expectHttpErrorBody(body);
      expect(body.error.code).toBe(HTTP_REJECTIONS.unauthenticated.code);
    }
  });
});
