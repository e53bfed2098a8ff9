import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { expectHttpErrorBody } from '../support/schema-validator.js';
import { AttackHarness, type HttpAnswer, NOTHING } from './support/attack-harness.js';

const HEADERS_TIMEOUT_MS = 1_000;

/**
 * Transport-level attacks (security bar §1.3, §3.5): DNS rebinding, oversized, deep, wide and
 * compressed bodies, prototype-pollution keys, huge and slow headers. Every rejection carries
 * the JSON-RPC body of the rejection table and happens before the dispatcher runs.
 */
describe('attack suite: transport and hard limits', () => {
  let h: AttackHarness;
  let token: string;
  let sessionId: string;

  beforeAll(async () => {
    h = await AttackHarness.start({
      MCP_MAX_BODY_BYTES: '65536',
      MCP_MAX_JSON_DEPTH: '16',
      MCP_MAX_JSON_KEYS: '100',
      MCP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      MCP_REQUEST_TIMEOUT_MS: '2000',
    });
    token = h.token();
    sessionId = await h.openSession(token);
  });
  afterAll(async () => {
    await h?.close();
  });

  const inSession = (): Record<string, string> => ({
    authorization: `Bearer ${token}`,
    'mcp-session-id': sessionId,
  });
  const echo = (message: unknown): string =>
    JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'echo', arguments: { message } },
    });

  async function rejected(send: () => Promise<HttpAnswer>): Promise<HttpAnswer> {
    let answer: HttpAnswer | undefined;
    const changes = await h.changesBy(async () => {
      answer = await send();
    });
    expect(changes).toEqual(NOTHING);
    // Each is refused before a request could be read from the body: no id to echo.
    expectHttpErrorBody(answer?.json);
    return answer as HttpAnswer;
  }

  it.each([
    ['a foreign Origin', { origin: 'http://evil.example.com' }, 'Forbidden: Origin not allowed'],
    ['Origin: null (sandboxed page)', { origin: 'null' }, 'Forbidden: Origin not allowed'],
    ['a rebinding Host', { host: 'evil.example.com' }, 'Forbidden: Host not allowed'],
  ])('refuses %s with 403 even with a valid token', async (_name, headers, message) => {
    const answer = await rejected(() => h.post(echo('hi'), { ...inSession(), ...headers }));
    expect(answer.status).toBe(403);
    expect(answer.json.error).toEqual({ code: -32000, message });
  });

  it('refuses a body over MCP_MAX_BODY_BYTES with 413', async () => {
    const answer = await rejected(() => h.post(echo('x'.repeat(70_000)), inSession()));
    expect(answer.status).toBe(413);
    expect(answer.json.error).toEqual({
      code: -32000,
      message: 'Payload Too Large',
      data: { maxBytes: 65536 },
    });
  });

  it('stops a gzip bomb at the limit, counted after decompression', async () => {
    const bomb = gzipSync(Buffer.from(echo('a'.repeat(10_000_000))));
    expect(bomb.length).toBeLessThan(65_536);
    const answer = await rejected(() =>
      h.post(bomb, { ...inSession(), 'content-encoding': 'gzip' }),
    );
    expect(answer.status).toBe(413);
    expect(answer.json.error?.data).toEqual({ maxBytes: 65536 });
  });

  it('refuses nesting deeper than MCP_MAX_JSON_DEPTH with 400 -32600', async () => {
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const answer = await rejected(() => h.post(echo('x').replace('"x"', deep), inSession()));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: -32600, data: { maxDepth: 16 } });
  });

  it('refuses more keys than MCP_MAX_JSON_KEYS with 400 -32600', async () => {
    const wide = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i]));
    const answer = await rejected(() => h.post(echo(wide), inSession()));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: -32600, data: { maxKeys: 100 } });
  });

  it.each([
    ['a plain __proto__ key', '{"__proto__":{"polluted":true}}'],
    ['a \\u-escaped __proto__ key', '{"\\u005f_proto__":{"polluted":true}}'],
  ])('refuses %s (prototype pollution) and pollutes nothing', async (_name, payload) => {
    const answer = await rejected(() => h.post(echo('x').replace('"x"', payload), inSession()));
    expect(answer.status).toBe(400);
    expect(answer.json.error?.code).toBe(-32600);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers headers over 16 KB with 431 and a JSON-RPC body', async () => {
    const answer = await rejected(() =>
      h.post(echo('hi'), { ...inSession(), 'x-padding': 'p'.repeat(17_000) }),
    );
    expect(answer.status).toBe(431);
    expect(answer.json.error).toEqual({ code: -32000, message: 'Request Header Fields Too Large' });
  });

  it('answers slow headers (slowloris) with 408 within the configured timeout', async () => {
    const { hostname, port } = new URL(h.app.url);
    const started = performance.now();
    const changes = await h.changesBy(
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect(Number(port), hostname);
          let received = '';
          const drip = setInterval(() => socket.write('X-Slow: 1\r\n'), 200);
          socket.on('connect', () => socket.write(`POST /mcp HTTP/1.1\r\nHost: ${hostname}\r\n`));
          socket.on('data', (chunk) => (received += chunk.toString()));
          socket.on('close', () => {
            clearInterval(drip);
            try {
              expect(received).toMatch(/^HTTP\/1\.1 408 /);
              expect(received).toContain('"code":-32000');
              resolve();
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
          socket.on('error', () => undefined);
        }),
    );
    expect(performance.now() - started).toBeLessThan(HEADERS_TIMEOUT_MS * 2 + 500);
    expect(changes).toEqual(NOTHING);
  });

  it('refuses a batch in a 2025-11-25 session (batching was removed in 2025-06-18)', async () => {
    const answer = await rejected(() => h.post(`[${echo('a')},${echo('b')}]`, inSession()));
    expect(answer.status).toBe(400);
    expect(answer.json.error?.code).toBe(-32600);
  });
});
