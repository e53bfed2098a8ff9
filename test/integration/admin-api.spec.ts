import { afterAll, beforeAll, expect, it } from 'vitest';

import { ToolTimeoutSource } from '../../src/policy/tool-timeout.source.js';

import {
  adminRequest,
  authEnv,
  type ConnectedClient,
  connectClient,
  eventually,
  tokenFor,
} from '../support/admin-http.js';
import { describeEachDatabase } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describeEachDatabase('admin API', (tier) => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let admin: string;
  let analyst: string;
  let client: ConnectedClient;

  const api = (method: string, path: string, body?: unknown, token: string | undefined = admin) =>
    adminRequest(app.origin, method, `/admin/api${path}`, token, body);
  const toolNames = async (): Promise<string[]> =>
    (await client.client.listTools()).tools.map((tool) => tool.name);

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = await startTestApp({ tier, env: { ...authEnv(jwks), MCP_AUDIT_ARGUMENTS: 'redacted' } });
    admin = tokenFor(jwks, 'root', ['admin']);
    analyst = tokenFor(jwks, 'alice', ['analyst'], { azp: 'agent-a' });
    client = await connectClient(app.url, analyst);
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await jwks?.close();
  });

  it('should refuse a missing token (401) and a token without role admin (403)', async () => {
    const anonymous = await adminRequest(app.origin, 'GET', '/admin/api/tools', undefined);
    expect(anonymous.status).toBe(401);
    const forbidden = await api(
      'PATCH',
      '/tools/echo',
      { expectedRevision: 0, enabled: false },
      analyst,
    );
    expect(forbidden.status).toBe(403);
    expect(await toolNames()).toContain('echo');
  });

  it('should list tools with their effective state and recorded versions', async () => {
    const { status, body } = await api('GET', '/tools');
    expect(status).toBe(200);
    const echo = (body.tools as { name: string }[]).find((tool) => tool.name === 'echo');
    expect(echo).toMatchObject({
      effective: 'served',
      servedVersion: '1.0.0',
      policy: { enabled: true, revision: 0 },
      versions: [
        { version: '1.0.0', status: 'approved', decidedBy: 'auto', declared: true, served: true },
      ],
    });
  });

  it('should disable a tool at once: hidden from list and call, list_changed sent, audited', async () => {
    await client.client.callTool({ name: 'echo', arguments: { message: 'hi', password: 'p' } });
    const before = client.listChanged();
    const { status, body } = await api('PATCH', '/tools/echo', {
      expectedRevision: 0,
      enabled: false,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      effective: 'disabled',
      policy: { enabled: false, revision: 1, updatedBy: 'root' },
    });
    expect(await toolNames()).not.toContain('echo');
    await expect(
      client.client.callTool({ name: 'echo', arguments: { message: 'x' } }),
    ).rejects.toThrow(/Unknown tool/i);
    await eventually(() => client.listChanged() > before);

    const audit = await api('GET', '/audit?event=admin.change&limit=5');
    const [change] = audit.body.records as Record<string, unknown>[];
    expect(change).toMatchObject({
      subject: 'root',
      action: 'tool_policy.update',
      target: 'echo',
      changeBefore: { enabled: true, revision: 0 },
      changeAfter: { enabled: false, revision: 1 },
    });
  });

  it('should answer 409 to a stale revision and change nothing', async () => {
    const stale = await api('PATCH', '/tools/echo', { expectedRevision: 0, enabled: true });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ currentRevision: 1 });
    expect((await api('GET', '/tools/echo')).body).toMatchObject({
      policy: { enabled: false, revision: 1 },
    });
    const again = await api('PATCH', '/tools/echo', { expectedRevision: 1, enabled: true });
    expect(again.status).toBe(200);
    expect(await toolNames()).toContain('echo');
  });

  it('should answer 400 naming every invalid field, and change nothing', async () => {
    const { status, body } = await api('PATCH', '/tools/echo', {
      expectedRevision: 2,
      enabled: 'no',
      roles: ['ok', 'has space'],
      surprise: true,
    });
    expect(status).toBe(400);
    const fields = (body.fieldErrors as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual(['enabled', 'roles', 'surprise']);
    expect((await api('GET', '/tools/echo')).body).toMatchObject({ policy: { revision: 2 } });
  });

  it('should restrict a tool to other clients and hide it from this one', async () => {
    const restricted = await api('PATCH', '/tools/echo', {
      expectedRevision: 2,
      allowedClients: ['agent-b'],
    });
    expect(restricted.status).toBe(200);
    expect(await toolNames()).not.toContain('echo');
    await api('PATCH', '/tools/echo', { expectedRevision: 3, allowedClients: null });
    expect(await toolNames()).toContain('echo');
  });

  it('should hand the policy timeout to the call runner', async () => {
    const timeouts = app.running.app.get(ToolTimeoutSource);
    expect(timeouts.timeoutMsFor('echo')).toBeUndefined();
    await api('PATCH', '/tools/echo', { expectedRevision: 4, timeoutMs: 1500 });
    expect(timeouts.timeoutMsFor('echo')).toBe(1500);
    await api('PATCH', '/tools/echo', { expectedRevision: 5, timeoutMs: null });
    expect(timeouts.timeoutMsFor('echo')).toBeUndefined();
  });

  it('should answer 404 for unknown tools and versions, 409 for an already approved version', async () => {
    expect((await api('GET', '/tools/nope')).status).toBe(404);
    expect(
      (await api('PATCH', '/tools/nope', { expectedRevision: 0, enabled: false })).status,
    ).toBe(404);
    expect((await api('POST', '/tools/echo/versions/9.9.9/approve')).status).toBe(404);
    expect((await api('POST', '/tools/echo/versions/1.0.0/approve')).status).toBe(409);
    expect(
      (await api('POST', '/tools/echo/rollback', { version: '0.1.0', expectedRevision: 6 })).status,
    ).toBe(404);
  });

  it('should show callers and outcomes, and keep digest plus redacted arguments', async () => {
    const { body } = await api('GET', '/tools/echo');
    expect(body.stats).toEqual({
      windowHours: 24,
      outcomes: { success: 1 },
      topCallers: [
        {
          subject: 'alice',
          clientId: 'agent-a',
          calls: 1,
          lastCallAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        },
      ],
    });
    const calls = await api('GET', '/audit?tool=echo&outcome=success&subject=alice');
    const [call] = calls.body.records as Record<string, unknown>[];
    expect(call).toMatchObject({
      event: 'tool_call.completed',
      clientId: 'agent-a',
      argumentsRedacted: { message: 'hi', password: '[redacted]' },
      result: { outcome: 'success' },
    });
    expect(call?.argumentsSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should paginate the audit log with a cursor and export it as JSON lines', async () => {
    const first = await api('GET', '/audit?limit=2');
    const second = await api('GET', `/audit?limit=2&cursor=${String(first.body.nextCursor)}`);
    const ids = [
      ...(first.body.records as { id: string }[]),
      ...(second.body.records as { id: string }[]),
    ].map((record) => Number(record.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(4);
    expect((await api('GET', '/audit?cursor=abc')).status).toBe(400);

    const response = await fetch(`${app.origin}/admin/api/audit/export?event=admin.change`, {
      headers: { Authorization: `Bearer ${admin}` },
    });
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string });
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.every((line) => typeof line.action === 'string')).toBe(true);
  });

  it('should verify an intact chain', async () => {
    const { status, body } = await api('GET', '/audit/verify');
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, unchainedRows: 0 });
    expect(body.checkedRows).toBeGreaterThan(5);
  });

  it('should list sessions and revoke one everywhere', async () => {
    const other = await connectClient(app.url, analyst);
    const id = other.transport.sessionId as string;
    const list = await api('GET', '/sessions?subject=alice');
    expect((list.body.sessions as { id: string }[]).map((session) => session.id)).toContain(id);
    expect((await api('DELETE', `/sessions/${id}`)).status).toBe(200);
    expect((await api('DELETE', `/sessions/${id}`)).status).toBe(404);
    await expect(other.client.listTools()).rejects.toThrow();
    await other.close().catch(() => undefined);
  });

  it('should serve the OpenAPI document and Swagger UI', async () => {
    const document = await fetch(`${app.origin}/admin/api/openapi.json`);
    expect(document.status).toBe(200);
    const { paths } = (await document.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/admin/api/tools/{name}',
        '/admin/api/tools/{name}/versions/{version}/approve',
        '/admin/api/sessions/{id}',
        '/admin/api/audit/verify',
      ]),
    );
    const ui = await fetch(`${app.origin}/admin/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
