import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { postModern, withMeta } from '../support/modern-http.js';
import { expectHttpErrorBody } from '../support/schema-validator.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CAPS = 'io.modelcontextprotocol/clientCapabilities';
const VERSION = 'io.modelcontextprotocol/protocolVersion';
const SERVER_INFO = 'io.modelcontextprotocol/serverInfo';

type Json = Record<string, unknown>;

/** Stateless 2026-07-28 requests on `/mcp`, raw: the wire, the bad inputs, the schema. */
describe('2026-07-28 over Streamable HTTP', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { MCP_CONFORMANCE_FIXTURES: 'true' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  const call = (name: string, args: Json = {}, extra: Json = {}, meta: Json = {}) =>
    postModern(app.url, 'tools/call', withMeta({ name, arguments: args, ...extra }, meta));

  it('should answer server/discover statelessly, with serverInfo and cache hints', async () => {
    const { status, headers, response } = await postModern(app.url, 'server/discover', withMeta());
    expect(status).toBe(200);
    expect(headers.get('mcp-session-id')).toBeNull();
    expect(response?.['result']).toMatchObject({
      resultType: 'complete',
      supportedVersions: ['2026-07-28'],
      capabilities: { tools: { listChanged: true }, prompts: { listChanged: true } },
      ttlMs: expect.any(Number),
      cacheScope: 'public',
      _meta: { [SERVER_INFO]: { name: app.config.mcp.serverName } },
    });
  });

  it('should mark lists filtered per principal private, and never mint a session', async () => {
    // The example module has a role-restricted tool, so what a caller sees depends on who it is.
    const { response, headers } = await postModern(app.url, 'tools/list', withMeta(), {
      'Mcp-Session-Id': '8f9c1c1e-6c1f-4d7c-9d1b-2a3f4b5c6d7e',
    });
    expect(response?.['result']).toMatchObject({ resultType: 'complete', cacheScope: 'private' });
    expect(headers.get('mcp-session-id')).toBeNull();
  });

  it('should let a browser send the Mcp-Param-* headers it asks for in a preflight', async () => {
    const res = await fetch(app.url, {
      method: 'OPTIONS',
      headers: {
        Origin: app.origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'mcp-method, mcp-param-region, x-evil header',
      },
    });
    expect(res.status).toBe(204);
    const allowed = res.headers.get('access-control-allow-headers') ?? '';
    expect(allowed).toContain('Mcp-Method');
    expect(allowed).toContain('mcp-param-region');
    expect(allowed).not.toContain('x-evil');
  });

  it('should refuse GET and DELETE of this era with 405', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(app.url, {
        method,
        headers: { Accept: 'text/event-stream', 'MCP-Protocol-Version': '2026-07-28' },
      });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST, OPTIONS');
      const body = (await res.json()) as Json;
      expectHttpErrorBody(body);
      expect(body['error']).toMatchObject({ code: -32000 });
    }
  });

  describe('bad input gets the spec error with the request id, HTTP 400, and changes nothing', () => {
    it.each([
      ['no _meta', {}],
      ['no protocolVersion', withMeta({}, { [VERSION]: undefined })],
      ['no clientCapabilities', withMeta({}, { [CAPS]: undefined })],
      ['an unknown logLevel', withMeta({}, { 'io.modelcontextprotocol/logLevel': 'loud' })],
    ])('-32602 for %s', async (_case, params) => {
      const { status, response } = await postModern(app.url, 'server/discover', params, {}, 77);
      expect(status).toBe(400);
      expect(response).toMatchObject({ id: 77, error: { code: -32602 } });
    });

    it('-32022 with supported and requested for an unsupported version', async () => {
      const params = withMeta({}, { [VERSION]: 'v999.0.0' });
      const { status, response } = await postModern(app.url, 'server/discover', params, {
        'MCP-Protocol-Version': 'v999.0.0',
      });
      expect(status).toBe(400);
      expect(response?.['error']).toEqual({
        code: -32022,
        message: expect.any(String),
        data: { supported: ['2026-07-28'], requested: 'v999.0.0' },
      });
    });

    it.each([
      [
        'a version header that differs from _meta',
        'server/discover',
        withMeta({}, { [VERSION]: 'v999.0.0' }),
        {},
      ],
      ['no Mcp-Method', 'tools/list', withMeta(), { 'Mcp-Method': undefined }],
      [
        'an Mcp-Method of another method',
        'tools/list',
        withMeta(),
        { 'Mcp-Method': 'prompts/list' },
      ],
      ['a method value in another case', 'tools/list', withMeta(), { 'Mcp-Method': 'TOOLS/LIST' }],
      [
        'no Mcp-Name',
        'tools/call',
        withMeta({ name: 'test_simple_text' }),
        { 'Mcp-Name': undefined },
      ],
      [
        'a wrong Mcp-Name',
        'tools/call',
        withMeta({ name: 'test_simple_text' }),
        { 'Mcp-Name': 'x' },
      ],
      ['no MCP-Protocol-Version', 'tools/list', withMeta(), { 'MCP-Protocol-Version': undefined }],
    ])('-32020 for %s', async (_case, method, params, headers) => {
      const { status, response } = await postModern(app.url, method, params, headers);
      expect(status).toBe(400);
      expect(response).toMatchObject({ error: { code: -32020 } });
    });

    it.each([
      ['an absent header while the body has the value', { region: 'eu' }, undefined],
      ['a different value', { region: 'eu' }, 'us'],
      ['bad base64 padding', { region: 'Hello' }, '=?base64?SGVsbG8?='],
      ['non-alphabet base64', { region: 'Hello' }, '=?base64?SGVs!!!bG8=?='],
      ['a header without the body value', {}, 'eu'],
    ])('-32020 for Mcp-Param-Region with %s', async (_case, args, header) => {
      const { status, response } = await postModern(
        app.url,
        'tools/call',
        withMeta({ name: 'test_x_mcp_header', arguments: args }),
        { 'Mcp-Param-Region': header },
      );
      expect(status).toBe(400);
      expect(response).toMatchObject({ error: { code: -32020 } });
    });

    it('-32601 and HTTP 404 for unknown and removed methods', async () => {
      for (const method of [
        'unknown/method',
        'initialize',
        'ping',
        'logging/setLevel',
        'resources/subscribe',
      ]) {
        const { status, response } = await postModern(app.url, method, withMeta(), {}, 500);
        expect(status, method).toBe(404);
        expect(response, method).toMatchObject({ id: 500, error: { code: -32601 } });
      }
    });

    it('-32021 naming the capability a tool needs and the client did not declare', async () => {
      const { status, response } = await call('test_missing_capability');
      expect(status).toBe(400);
      expect(response?.['error']).toMatchObject({
        code: -32021,
        data: { requiredCapabilities: { sampling: {} } },
      });
    });
  });

  it('should accept a base64 Mcp-Param value and a literal that only looks like one', async () => {
    const encoded = await postModern(
      app.url,
      'tools/call',
      withMeta({ name: 'test_x_mcp_header', arguments: { region: 'Zürich' } }),
      { 'Mcp-Param-Region': `=?base64?${Buffer.from('Zürich').toString('base64')}?=` },
    );
    expect(encoded.response?.['result']).toMatchObject({ content: [{ text: 'region=Zürich' }] });
    const literal = '=?base64?SGVsbG8=';
    const plain = await postModern(
      app.url,
      'tools/call',
      withMeta({ name: 'test_x_mcp_header', arguments: { region: literal } }),
      { 'Mcp-Param-Region': literal },
    );
    expect(plain.status).toBe(200);
  });

  it('should send log messages only when the request set _meta logLevel', async () => {
    const silent = await call('test_logging_tool');
    expect(silent.messages.map((message) => message['method'])).not.toContain(
      'notifications/message',
    );
    const logged = await call(
      'test_logging_tool',
      {},
      {},
      { 'io.modelcontextprotocol/logLevel': 'info' },
    );
    expect(logged.headers.get('content-type')).toBe('text/event-stream');
    expect(logged.messages[0]).toMatchObject({
      method: 'notifications/message',
      params: { level: 'info' },
    });
    expect(logged.response?.['result']).toMatchObject({ resultType: 'complete' });
  });

  it('should answer resources/read of an unknown URI with -32602 and data.uri', async () => {
    const uri = 'test://nonexistent-resource-for-conformance-testing';
    const { response } = await postModern(app.url, 'resources/read', withMeta({ uri }));
    expect(response?.['error']).toMatchObject({ code: -32602, data: { uri } });
  });
});
