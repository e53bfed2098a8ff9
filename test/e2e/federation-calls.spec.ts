import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  LoggingMessageNotificationSchema,
  type Progress,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest, authEnv, connectClient, tokenFor } from '../support/admin-http.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { postModern, withMeta } from '../support/modern-http.js';
import { availableTiers } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type HttpUpstream, startHttpUpstream } from '../support/upstream/http-upstream.js';
import { stdioUpstreamCommand } from '../support/upstream/stdio-upstream-command.js';
import { DEFAULT_FIXTURE_TOOLS } from '../support/upstream/upstream-fixture.types.js';

const textOf = (result: Awaited<ReturnType<Client['callTool']>>): string =>
  (result.content as [{ text: string }])[0].text;

/**
 * docs/federation.md "Calls": proxied calls keep the MCP semantics across the hop — progress
 * relayed, cancellation reaching the upstream, a down upstream answered plainly — over Streamable
 * HTTP and stdio upstreams built from the official SDK.
 */
describe.each(availableTiers())('federated calls [%s]', (tier) => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let admin: string;
  let upstream: HttpUpstream;
  let client: Client;
  const post = (body: unknown) =>
    adminRequest(app.origin, 'POST', '/admin/api/upstreams', admin, body);

  beforeAll(async () => {
    jwks = await startJwksServer();
    upstream = await startHttpUpstream({
      tools: DEFAULT_FIXTURE_TOOLS,
      resources: [{ uri: 'fixture://docs/readme', name: 'readme', text: 'Read me first.' }],
      prompts: [{ name: 'greet', description: 'Greets someone.', text: 'Say hello to' }],
    });
    app = await startTestApp({ tier, env: { ...authEnv(jwks), MCP_UPSTREAM_TIMEOUT_MS: '3000' } });
    admin = tokenFor(jwks, 'root', ['admin']);
    expect(
      (await post({ name: 'web', transport: 'streamable-http', url: upstream.url })).status,
    ).toBe(201);
    const stdio = await stdioUpstreamCommand({ name: 'stdio-fixture' });
    expect((await post({ name: 'local', transport: 'stdio', ...stdio })).status).toBe(201);
    expect((await post({ name: 'legacy', transport: 'sse', url: upstream.sseUrl })).status).toBe(
      201,
    );
    client = (await connectClient(app.url, tokenFor(jwks, 'alice', []))).client;
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await upstream?.close();
    await jwks?.close();
  });

  it('should serve stdio and HTTP+SSE upstreams like a Streamable HTTP one', async () => {
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['local__echo', 'web__echo', 'legacy__echo']));
    const result = await client.callTool({ name: 'local__echo', arguments: { via: 'stdio' } });
    expect(result.structuredContent).toEqual({ via: 'stdio' });
    const legacy = await client.callTool({ name: 'legacy__echo', arguments: { via: 'sse' } });
    expect(legacy.structuredContent).toEqual({ via: 'sse' });
  });

  it('should serve upstream resources under reversible URIs and prompts namespaced', async () => {
    const { resources } = await client.listResources();
    const served = 'mcp-upstream://web/fixture://docs/readme';
    expect(resources.map((resource) => resource.uri)).toContain(served);
    const read = await client.readResource({ uri: served });
    expect(read.contents).toEqual([
      expect.objectContaining({ uri: served, text: 'Read me first.' }),
    ]);
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toContain('web__greet');
    const prompt = await client.getPrompt({ name: 'web__greet', arguments: {} });
    expect(JSON.stringify(prompt.messages)).toContain('Say hello to');
  });

  it('should relay the upstream progress to our client', async () => {
    const seen: Progress[] = [];
    const result = await client.callTool({ name: 'web__progress', arguments: {} }, undefined, {
      onprogress: (progress) => seen.push(progress),
    });
    expect(result.isError).toBeFalsy();
    expect(seen.map((progress) => progress.progress)).toEqual([1, 2, 3]);
  });

  it('should relay the log messages of a call to its caller, at the level it set', async () => {
    const logged: unknown[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, ({ params }) => {
      logged.push(params);
    });
    await client.setLoggingLevel('warning');
    await client.callTool({ name: 'web__log', arguments: { note: 'quiet' } });
    await client.setLoggingLevel('debug');
    const result = await client.callTool({ name: 'web__log', arguments: { note: 'heard' } });

    expect(textOf(result)).toBe('logged');
    // Sent before the result on the call's stream, so relayed before the result reached us.
    expect(logged).toEqual([{ level: 'info', logger: 'web/fixture', data: { note: 'heard' } }]);
  });

  it('should serve a 2026-07-28 stateless call of a federated tool, its log at the request level', async () => {
    const { status, messages, response } = await postModern(
      app.url,
      'tools/call',
      withMeta(
        { name: 'web__log', arguments: { note: 'modern' } },
        { 'io.modelcontextprotocol/logLevel': 'debug' },
      ),
      { Authorization: `Bearer ${tokenFor(jwks, 'alice', [])}` },
    );

    expect(status).toBe(200);
    expect(response?.['result']).toMatchObject({ content: [{ type: 'text', text: 'logged' }] });
    expect(messages).toContainEqual(
      expect.objectContaining({
        method: 'notifications/message',
        params: { level: 'info', logger: 'web/fixture', data: { note: 'modern' } },
      }),
    );
  });

  it('should carry our client cancellation to the upstream', async () => {
    const controller = new AbortController();
    const call = client.callTool({ name: 'web__hang', arguments: {} }, undefined, {
      signal: controller.signal,
    });
    await expect
      .poll(() => upstream.events.calls.some((c) => c.tool === 'hang'), { timeout: 5_000 })
      .toBe(true);
    controller.abort('user pressed stop');
    await expect(call).rejects.toThrow();
    await expect
      .poll(() => upstream.events.cancelled.map((c) => c.tool), { timeout: 5_000 })
      .toContain('hang');
  });

  it('should answer a down upstream tool with a clear error result, and recover', async () => {
    await upstream.stop();
    const started = Date.now();
    const down = await client.callTool({ name: 'web__echo', arguments: {} });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(down.isError).toBe(true);
    expect(textOf(down)).toMatch(/upstream "web" is unavailable/);
    // Still listed: a down upstream's tools are reported unavailable, not silently dropped.
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('web__echo');
    const health = await adminRequest(app.origin, 'GET', '/admin/api/upstreams/web', admin);
    expect(health.body).toMatchObject({ health: { state: expect.not.stringMatching(/^up$/) } });
    // Readiness reports the upstream and stays 200; the metric says which upstream is down.
    const ready = await fetch(`${app.origin}/health/ready`);
    expect(ready.status).toBe(200);
    const readiness = (await ready.json()) as { details: Record<string, Record<string, unknown>> };
    expect(readiness.details['upstreams']).toMatchObject({
      status: 'up',
      web: { state: expect.not.stringMatching(/^up$/) },
      local: { state: 'up' },
      legacy: expect.objectContaining({ state: expect.any(String) }),
    });
    const metrics = await (await fetch(`${app.origin}/metrics`)).text();
    expect(metrics).toMatch(/^mcp_upstream_up\{upstream="web"\} 0$/m);
    expect(metrics).toMatch(/^mcp_upstream_up\{upstream="local"\} 1$/m);
    await upstream.start();
    await expect
      .poll(
        async () => (await client.callTool({ name: 'web__echo', arguments: { ok: 1 } })).isError,
        {
          timeout: 10_000,
        },
      )
      .toBeFalsy();
  });
});
