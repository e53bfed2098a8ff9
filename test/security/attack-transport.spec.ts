import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SecurityEvents } from '../../src/security/security-events.service.js';
import { rawHttpExchange, type RawHttpAnswer } from '../support/raw-http.js';
import { expectHttpErrorBody } from '../support/schema-validator.js';
import { AttackHarness, type HttpAnswer, NOTHING } from './support/attack-harness.js';

const HEADERS_TIMEOUT_MS = 1_000;

/** `token` with its payload swapped for `claims`: the signature no longer matches it. */
function forge(token: string, claims: Readonly<Record<string, unknown>>): string {
  const [header, , signature] = token.split('.');
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

/** Both orders of a genuine and a forged value: Node would keep whichever comes first. */
const ORDERS = [
  ['the genuine one first', (genuine: string, forged: string) => [genuine, forged]],
  ['the forged one first', (genuine: string, forged: string) => [forged, genuine]],
] as const;

/**
 * Transport-level attacks (docs/http-errors.md, docs/security.md): DNS rebinding, duplicate
 * headers, oversized, deep, wide and compressed bodies, prototype-pollution keys, huge and slow
 * headers. Every rejection carries the JSON-RPC body of the rejection table and happens before
 * the dispatcher runs.
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

  /**
   * A valid in-session `echo` call written byte by byte, for what `http.request` will not send:
   * `hostLines` as given, and `Content-Length` `lengthLines` times.
   */
  const rawPost = (hostLines: string, lengthLines = 1): Promise<RawHttpAnswer> => {
    const body = echo('hi');
    return rawHttpExchange(
      h.app.url,
      `POST /mcp HTTP/1.1\r\n${hostLines}` +
        `Authorization: Bearer ${token}\r\nMcp-Session-Id: ${sessionId}\r\n` +
        'Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n`.repeat(lengthLines) +
        `\r\n${body}`,
    );
  };

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

  describe('duplicate headers (Node keeps the first Authorization or Host silently)', () => {
    const duplicateEvents = (): number =>
      h.app.running.app.get(SecurityEvents).counts().get('duplicate_header') ?? 0;

    it.each(ORDERS)(
      'refuses a valid and a forged Authorization (%s) with 400, before authentication',
      async (_order, order) => {
        const forged = forge(token, { sub: 'victim', roles: ['admin'] });
        const events = duplicateEvents();
        const answer = await rejected(() =>
          h.post(echo('hi'), {
            'mcp-session-id': sessionId,
            authorization: order(`Bearer ${token}`, `Bearer ${forged}`),
          }),
        );
        expect(answer.status).toBe(400);
        expect(answer.json.error).toEqual({
          code: -32000,
          message: 'Bad Request: duplicate header',
          data: { header: 'authorization' },
        });
        expect(duplicateEvents()).toBe(events + 1);
      },
    );

    it.each([
      ['mcp-session-id', () => [sessionId, '8f9c1c1e-6c1f-4d7c-9d1b-2a3f4b5c6d7e']],
      ['mcp-protocol-version', () => ['2025-11-25', '2025-03-26']],
      ['last-event-id', () => ['a:1', 'b:2']],
    ])('refuses a second %s with 400', async (header, values) => {
      const answer = await rejected(() =>
        h.post(echo('hi'), { ...inSession(), [header]: values() }),
      );
      expect(answer.status).toBe(400);
      expect(answer.json.error?.data).toEqual({ header });
    });

    it.each(ORDERS)(
      'refuses an allowed and a rebinding Host (%s) with 400, not by the first one',
      async (_order, order) => {
        const hosts = order(new URL(h.app.url).host, 'evil.example.com');
        let answer: RawHttpAnswer | undefined;
        const changes = await h.changesBy(async () => {
          answer = await rawPost(hosts.map((host) => `Host: ${host}\r\n`).join(''));
        });
        expect(answer?.head).toMatch(/^HTTP\/1\.1 400 /);
        const json = JSON.parse(answer?.body ?? '') as { error: unknown };
        expectHttpErrorBody(json);
        expect(json.error).toMatchObject({ data: { header: 'host' } });
        expect(changes).toEqual(NOTHING);
      },
    );

    it.each(ORDERS)(
      'refuses an admin API change with a valid and a forged Authorization (%s), changing nothing',
      async (_order, order) => {
        const admin = h.token({ roles: ['admin'] });
        const forged = forge(admin, { sub: 'mallory', roles: ['admin'] });
        let answer: HttpAnswer | undefined;
        const changes = await h.changesBy(async () => {
          answer = await h.send(
            'PATCH',
            '/admin/api/tools/echo',
            {
              'content-type': 'application/json',
              authorization: order(`Bearer ${admin}`, `Bearer ${forged}`),
            },
            JSON.stringify({ enabled: false }),
          );
        });
        expect(answer?.status).toBe(400);
        expect(answer?.json).toEqual({
          statusCode: 400,
          message: 'Duplicate authorization header',
          error: 'Bad Request',
        });
        expect(changes).toEqual(NOTHING);
        const echoTool = await h.send('GET', '/admin/api/tools/echo', {
          authorization: `Bearer ${admin}`,
        });
        expect(echoTool.json).toMatchObject({ effective: 'served', policy: { enabled: true } });
      },
    );

    it('leaves a second Content-Length to Node’s parser: 400 malformedHttp, nothing run', async () => {
      const host = `Host: ${new URL(h.app.url).host}\r\n`;
      let answer: RawHttpAnswer | undefined;
      const changes = await h.changesBy(async () => {
        answer = await rawPost(host, 2);
      });
      expect(answer?.head).toMatch(/^HTTP\/1\.1 400 /);
      const json = JSON.parse(answer?.body ?? '') as { error: unknown };
      expectHttpErrorBody(json);
      expect(json.error).toEqual({ code: -32000, message: 'Bad Request' });
      expect(changes).toEqual(NOTHING);
    });
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
