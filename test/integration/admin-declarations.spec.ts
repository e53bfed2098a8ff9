import { afterAll, beforeAll, expect, it } from 'vitest';

import {
  adminRequest,
  authEnv,
  connectClient,
  type JsonResponse,
  tokenFor,
} from '../support/admin-http.js';
import { describeEachDatabase } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  GUARDED_PROMPT,
  GUARDED_TOOL,
  GuardedCapabilitiesModule,
} from '../fixtures/guarded-capabilities.module.js';

const TOOL_PATH = `/tools/${GUARDED_TOOL}`;

/**
 * What the admin API shows of a capability: what the code declares (description, annotations,
 * `@McpRoles`, `@McpScopes`), the stored policy, and both combined as the access decision and
 * the call path apply them, checked against what real clients are served.
 */
describeEachDatabase('admin API: declarations, policy and the effective policy', (tier) => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let admin: string;

  const api = (method: string, path: string, body?: unknown): Promise<JsonResponse> =>
    adminRequest(app.origin, method, `/admin/api${path}`, admin, body);
  /** Whether a principal holding `roles` is served the guarded tool in `tools/list`. */
  async function listedFor(roles: string[]): Promise<boolean> {
    const client = await connectClient(app.url, tokenFor(jwks, roles.join('+'), roles));
    try {
      return (await client.client.listTools()).tools.some((tool) => tool.name === GUARDED_TOOL);
    } finally {
      await client.close();
    }
  }

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = await startTestApp({
      tier,
      env: { ...authEnv(jwks), MCP_RATE_LIMIT_PER_TOOL: '600' },
      extraImports: [GuardedCapabilitiesModule],
    });
    admin = tokenFor(jwks, 'root', ['admin']);
  });

  afterAll(async () => {
    await app?.close();
    await jwks?.close();
  });

  it('should show the declared description, annotations, roles and scopes next to the policy', async () => {
    const { status, body } = await api('GET', TOOL_PATH);
    expect(status).toBe(200);
    expect(body.declared).toEqual({
      version: '1.0.0',
      title: 'Purge cache',
      description: 'Drops every cached entry of a region (test fixture).',
      annotations: { destructiveHint: true, idempotentHint: true, openWorldHint: false },
      roles: ['ops', 'admin'],
      scopes: ['cache:write'],
      public: false,
      timeoutMs: 5000,
      callApproval: 'user',
      auditRows: 'two',
    });
    expect(body.policy).toMatchObject({ enabled: true, roles: null, timeoutMs: null });
    expect(body.effectivePolicy).toEqual({
      enabled: true,
      roles: [['ops', 'admin']],
      scopes: ['cache:write'],
      allowedClients: null,
      allowedTenants: null,
      approvalRequired: false,
      timeoutMs: 5000,
      rateLimitPerMinute: 600,
      callApproval: 'user',
      auditRows: 'two',
    });
    const listed = (await api('GET', '/tools')).body.tools as { name: string }[];
    expect(listed.find((tool) => tool.name === GUARDED_TOOL)).toMatchObject({
      declared: { roles: ['ops', 'admin'] },
    });
  });

  it('should require a policy role on top of a declared one, as the access decision does', async () => {
    const { body } = await api('PATCH', TOOL_PATH, {
      roles: ['oncall'],
      allowedTenants: ['acme'],
      timeoutMs: 2000,
      rateLimitPerMinute: 30,
    });
    expect(body.declared).toMatchObject({ roles: ['ops', 'admin'], timeoutMs: 5000 });
    expect(body.effectivePolicy).toEqual({
      enabled: true,
      roles: [['ops', 'admin'], ['oncall']],
      scopes: ['cache:write'],
      allowedClients: null,
      allowedTenants: ['acme'],
      approvalRequired: false,
      timeoutMs: 2000,
      rateLimitPerMinute: 30,
      callApproval: 'user',
      auditRows: 'two',
    });
    await api('PATCH', TOOL_PATH, { allowedTenants: null });
    // The policy narrows what the code allows and never widens it: one role of each list.
    expect(await listedFor(['ops'])).toBe(false);
    expect(await listedFor(['oncall'])).toBe(false);
    expect(await listedFor(['ops', 'oncall'])).toBe(true);

    const lifted = await api('PATCH', TOOL_PATH, { roles: null, timeoutMs: null });
    expect(lifted.body.effectivePolicy).toMatchObject({
      roles: [['ops', 'admin']],
      timeoutMs: 5000,
    });
    expect(await listedFor(['ops'])).toBe(true);
  });

  it('should show the call approval the code declares, the policy chooses and applies', async () => {
    const effective = async (callApproval: unknown) => {
      const { status, body } = await api('PATCH', TOOL_PATH, { callApproval });
      expect(status).toBe(200);
      expect(body.policy).toMatchObject({ callApproval });
      expect(body.declared).toMatchObject({ callApproval: 'user' });
      return (body.effectivePolicy as { callApproval: string }).callApproval;
    };
    expect(await effective('approver')).toBe('approver');
    expect(await effective('auto')).toBe('none');
    expect(await effective('user')).toBe('user');
    expect(await effective(null)).toBe('user');
    const refused = await api('PATCH', TOOL_PATH, { callApproval: 'nobody' });
    expect(refused.status).toBe(400);
    const echo = await api('PATCH', '/tools/echo', { callApproval: 'approver' });
    expect(echo.body.declared).toMatchObject({ auditRows: 'one' });
    expect(echo.body.declared).toMatchObject({ callApproval: 'none' });
    expect(echo.body.effectivePolicy).toMatchObject({ callApproval: 'approver' });
    expect((await api('PATCH', '/tools/echo', { callApproval: null })).status).toBe(200);
  });

  it('should show the audit rows the annotations declare, the policy chooses and applies', async () => {
    const set = async (auditRows: unknown) => {
      const { status, body } = await api('PATCH', '/tools/echo', { auditRows });
      expect(status).toBe(200);
      expect(body.policy).toMatchObject({ auditRows });
      return (body.effectivePolicy as { auditRows: string }).auditRows;
    };
    expect(await set('two')).toBe('two');
    expect(await set(null)).toBe('one');
    expect((await api('PATCH', '/tools/echo', { auditRows: 3 })).status).toBe(400);
    const destructive = await api('GET', TOOL_PATH);
    expect(destructive.body.declared).toMatchObject({ auditRows: 'two' });
  });

  it('should show a tool without decorators as open, with the server defaults', async () => {
    const { body } = await api('GET', '/tools/echo');
    expect(body.declared).toMatchObject({
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      roles: [],
      scopes: [],
      timeoutMs: null,
    });
    expect(body.effectivePolicy).toMatchObject({ roles: [], scopes: [], timeoutMs: 60_000 });
  });

  it('should show the declared roles and scopes of a prompt and the combined policy', async () => {
    await api('PATCH', `/prompts/${GUARDED_PROMPT}`, { allowedClients: ['agent-a'] });
    const { body } = await api('GET', `/prompts/${GUARDED_PROMPT}`);
    expect(body).toMatchObject({
      listing: { name: GUARDED_PROMPT, description: 'Drafts an incident report (test fixture).' },
      declared: { roles: ['oncall'], scopes: ['incidents:read'], public: false },
      effectivePolicy: {
        enabled: true,
        roles: [['oncall']],
        scopes: ['incidents:read'],
        allowedClients: ['agent-a'],
        allowedTenants: null,
      },
    });
  });
});
