import { randomBytes } from 'node:crypto';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest, authEnv, connectClient, tokenFor } from '../support/admin-http.js';
import { availableTiers } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type HttpUpstream, startHttpUpstream } from '../support/upstream/http-upstream.js';

const UPSTREAM_CREDENTIAL = 'Bearer upstream-only-credential';

/** An SDK client of ours for `subject` with `roles`. */
async function clientFor(
  app: TestApp,
  jwks: TestJwksServer,
  subject: string,
  roles: readonly string[] = [],
): Promise<Client> {
  return (await connectClient(app.url, tokenFor(jwks, subject, [...roles]))).client;
}

const toolNames = async (client: Client): Promise<string[]> =>
  (await client.listTools()).tools.map((tool) => tool.name);

/**
 * docs/federation.md end to end: an official SDK upstream over Streamable HTTP, added with one
 * admin call, its tools served namespaced under our policy and audit, its credential ours alone.
 */
describe.each(availableTiers())('federation over Streamable HTTP [%s]', (tier) => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let upstream: HttpUpstream;
  let admin: string;
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    adminRequest(app.origin, method, `/admin/api${path}`, admin, body, headers);
  /** The names of fx's capabilities in the admin lists of tools, prompts and resources. */
  const listedOfFx = async () => {
    const namesIn = async (family: string) =>
      ((await api('GET', `/${family}`)).body[family] as { name: string }[])
        .map((item) => item.name)
        .filter((name) => name.startsWith('fx__') || name.startsWith('mcp-upstream://fx/'));
    return {
      tools: await namesIn('tools'),
      prompts: await namesIn('prompts'),
      resources: await namesIn('resources'),
    };
  };

  beforeAll(async () => {
    jwks = await startJwksServer();
    upstream = await startHttpUpstream({
      acceptAuthorization: (header) => header === UPSTREAM_CREDENTIAL,
      prompts: [{ name: 'greet', text: 'Hello' }],
      resources: [{ uri: 'note://readme', name: 'readme', text: 'Read me' }],
    });
    app = await startTestApp({
      tier,
      env: {
        ...authEnv(jwks),
        MCP_UPSTREAM_SECRET_KEY: randomBytes(32).toString('base64'),
      },
    });
    admin = tokenFor(jwks, 'root', ['admin']);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await upstream?.close();
    await jwks?.close();
  });

  it('should add an upstream with one admin call and never show or store its secret', async () => {
    const created = await api('POST', '/upstreams', {
      name: 'fx',
      transport: 'streamable-http',
      url: upstream.url,
      auth: { type: 'header', name: 'Authorization', value: UPSTREAM_CREDENTIAL },
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('upstream-only-credential');
    expect(created.body).toMatchObject({
      name: 'fx',
      enabled: true,
      revision: 1,
      auth: { type: 'header', name: 'Authorization', secretConfigured: true },
      health: { state: 'up' },
      lastSyncError: null,
    });
    const tools = (created.body.tools as { name: string; upstreamName: string }[]).map(
      (t) => t.name,
    );
    expect(tools).toContain('fx__echo');

    const rows = await app.running.app
      .get(DataSource)
      .query<{ auth: unknown; sealed_secrets: string }[]>(
        `SELECT auth, sealed_secrets FROM upstream_servers WHERE name = 'fx'`,
      );
    expect(JSON.stringify(rows)).not.toContain('upstream-only-credential');
    expect(rows[0]?.sealed_secrets).toMatch(/^v1:/);

    const one = await api('GET', '/upstreams/fx');
    expect(one.status).toBe(200);
    expect(one.headers.get('etag')).toBe('"1"');
    expect((await api('GET', '/upstreams/nope')).status).toBe(404);
    expect(
      (
        await api('POST', '/upstreams', {
          name: 'fx',
          transport: 'streamable-http',
          url: upstream.url,
        })
      ).status,
    ).toBe(409);
  });

  it('should serve the upstream tools namespaced and call them with our credential only', async () => {
    const client = await clientFor(app, jwks, 'alice');
    expect(await toolNames(client)).toEqual(expect.arrayContaining(['fx__echo', 'fx__hang']));
    const result = await client.callTool({ name: 'fx__echo', arguments: { text: 'hi' } });
    await client.close();
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ text: 'hi' });
    // No token passthrough: the upstream saw only the credential we were given for it.
    expect(new Set(upstream.events.authorizations)).toEqual(new Set([UPSTREAM_CREDENTIAL]));
    expect(upstream.events.calls).toContainEqual({ tool: 'echo', arguments: { text: 'hi' } });

    const audited = await app.running.app
      .get(DataSource)
      .query<{ subject: string; tool_version: string }[]>(
        `SELECT subject, tool_version FROM audit_log
         WHERE event = 'tool_call.started' AND tool_name = 'fx__echo'`,
      );
    expect(audited).toEqual([{ subject: 'alice', tool_version: expect.stringMatching(/^up-/) }]);
  });

  it('should apply the tool policy to a proxied tool exactly like a local one', async () => {
    const restricted = await api('PATCH', '/tools/fx__echo', { roles: ['analyst'] });
    expect(restricted.status).toBe(200);
    const alice = await clientFor(app, jwks, 'alice');
    expect(await toolNames(alice)).not.toContain('fx__echo');
    await expect(alice.callTool({ name: 'fx__echo', arguments: {} })).rejects.toThrow(
      /Unknown tool: fx__echo/,
    );
    await alice.close();
    const analyst = await clientFor(app, jwks, 'ann', ['analyst']);
    expect(await toolNames(analyst)).toContain('fx__echo');
    await analyst.close();
    expect((await api('PATCH', '/tools/fx__echo', { roles: null })).status).toBe(200);
  });

  it("should list the upstream's tools, prompts and resources in the admin API", async () => {
    expect(await listedOfFx()).toEqual({
      tools: expect.arrayContaining(['fx__echo', 'fx__hang']),
      prompts: ['fx__greet'],
      resources: expect.arrayContaining(['mcp-upstream://fx/note://readme']),
    });
  });

  it('should audit every change of an upstream, and disable and remove it', async () => {
    const stale = await api('PATCH', '/upstreams/fx', { enabled: false }, { 'If-Match': '"9"' });
    expect(stale.status).toBe(412);
    const disabled = await api('PATCH', '/upstreams/fx', { enabled: false }, { 'If-Match': '"1"' });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ enabled: false, revision: 2, tools: [] });
    const client = await clientFor(app, jwks, 'alice');
    expect(await toolNames(client)).not.toContain('fx__echo');
    await client.close();
    expect((await api('DELETE', '/upstreams/fx')).status).toBe(204);
    expect((await api('GET', '/upstreams/fx')).status).toBe(404);
    const changes = await app.running.app
      .get(DataSource)
      .query<{ action: string; change_after: unknown }[]>(
        `SELECT action, change_after FROM audit_log
         WHERE event = 'admin.change' AND target = 'fx' ORDER BY id`,
      );
    expect(changes.map((row) => row.action)).toEqual([
      'upstream.create',
      'upstream.update',
      'upstream.delete',
    ]);
    expect(JSON.stringify(changes)).not.toContain('upstream-only-credential');
  });

  it("should leave a deleted upstream's capabilities out of the admin lists, keeping their recorded versions", async () => {
    expect(await listedOfFx()).toEqual({ tools: [], prompts: [], resources: [] });
    expect((await api('GET', '/upstreams')).body).toEqual({ upstreams: [] });
    const recorded = await app.running.app
      .get(DataSource)
      .query<{ name: string }[]>(
        `SELECT DISTINCT name FROM tool_versions WHERE name LIKE 'fx\\_\\_%'`,
      );
    expect(recorded.map((row) => row.name)).toEqual(
      expect.arrayContaining(['fx__echo', 'fx__hang']),
    );
    // The audit trail of a deleted upstream's tool is still readable by its name.
    expect((await api('GET', '/tools/fx__echo')).status).toBe(200);
  });
});

describe('federation without MCP_UPSTREAM_SECRET_KEY', () => {
  let jwks: TestJwksServer;
  let app: TestApp;

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = await startTestApp({ env: authEnv(jwks) });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await jwks?.close();
  });

  it('should refuse to store a secret, naming the setting, and store nothing', async () => {
    const admin = tokenFor(jwks, 'root', ['admin']);
    const refused = await adminRequest(app.origin, 'POST', '/admin/api/upstreams', admin, {
      name: 'fx',
      transport: 'streamable-http',
      url: 'http://127.0.0.1:9/mcp',
      headers: { 'X-Api-Key': 'k' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/MCP_UPSTREAM_SECRET_KEY is not set/);
    const listed = await adminRequest(app.origin, 'GET', '/admin/api/upstreams', admin);
    expect(listed.body).toEqual({ upstreams: [] });
  });
});
