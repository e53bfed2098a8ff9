import { McpError, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { ChangeBus } from '../../src/events/change-bus.js';
import { CapabilityChanges } from '../../src/mcp/subscriptions/capability-changes.js';
import { CAPABILITY_POLICY_CHANGED_CHANNEL } from '../../src/policy/capability-policy.cache.js';
import {
  adminRequest,
  authEnv,
  type ConnectedClient,
  connectClient,
  eventually,
  tokenFor,
} from '../support/admin-http.js';
import { describeEachDatabase } from '../support/database.js';
import { standardHeaders, withMeta } from '../support/modern-http.js';
import { SseReader } from '../support/sse-reader.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PROMPT = 'summarize';
const RESOURCE = 'info://server/about';
const TEMPLATE = 'info://server/docs/{topic}';
const PROMPT_PATH = `/prompts/${PROMPT}`;
const RESOURCE_PATH = `/resources/${encodeURIComponent(RESOURCE)}`;
const TEMPLATE_PATH = `/resources/${encodeURIComponent(TEMPLATE)}`;

/** What a client learns from a refusal (code, message, data), with the name it asked masked. */
async function refusal(attempt: Promise<unknown>, name: string): Promise<unknown> {
  const error = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(McpError);
  const { code, message, data } = error as McpError;
  return JSON.parse(JSON.stringify({ code, message, data }).replaceAll(name, '<name>'));
}

/**
 * Operator policy for prompts, resources and resource templates (README "Operate: the admin API"),
 * through the real server, with the SDK client.
 */
describeEachDatabase('admin API for prompts and resources', (tier) => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let peer: TestApp | undefined;
  let admin: string;
  let analyst: string;
  let auditor: string;
  let client: ConnectedClient;
  let auditorClient: ConnectedClient;

  const api = (method: string, path: string, body?: unknown, token: string | undefined = admin) =>
    adminRequest(app.origin, method, `/admin/api${path}`, token, body);
  const promptNames = async (on: ConnectedClient = client): Promise<string[]> =>
    (await on.client.listPrompts()).prompts.map((prompt) => prompt.name);
  const resourceUris = async (on: ConnectedClient): Promise<string[]> =>
    (await on.client.listResources()).resources.map((resource) => resource.uri);
  const templates = async (on: ConnectedClient): Promise<string[]> =>
    (await on.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
  const adminChanges = async (): Promise<number> =>
    ((await api('GET', '/audit?event=admin.change&limit=100')).body.records as unknown[]).length;

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = await startTestApp({ tier, env: authEnv(jwks) });
    // On Postgres, a second instance on the same database shows the change reaching it.
    if (tier === 'postgres')
      peer = await startTestApp({ database: app.database, env: authEnv(jwks) });
    admin = tokenFor(jwks, 'root', ['admin']);
    analyst = tokenFor(jwks, 'alice', ['analyst'], { azp: 'agent-a' });
    auditor = tokenFor(jwks, 'bob', ['auditor'], { azp: 'agent-a' });
    client = await connectClient(app.url, analyst);
    auditorClient = await connectClient(app.url, auditor);
  });

  afterAll(async () => {
    await auditorClient?.close();
    await client?.close();
    await peer?.close();
    await app?.close();
    await jwks?.close();
  });

  it('should list prompts, resources and templates with their policy', async () => {
    const prompts = await api('GET', '/prompts');
    expect(prompts.status).toBe(200);
    // The example prompt among the others served (the knowledge base's, README "The knowledge base").
    expect(prompts.body.prompts).toEqual(
      expect.arrayContaining([
        {
          kind: 'prompt',
          name: PROMPT,
          listing: expect.objectContaining({ name: PROMPT, title: 'Summarize text' }),
          definitionSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          effective: 'served',
          declared: { roles: [], scopes: [], public: false },
          policy: expect.objectContaining({
            kind: 'prompt',
            name: PROMPT,
            enabled: true,
            revision: 0,
          }),
          effectivePolicy: {
            enabled: true,
            roles: [],
            scopes: [],
            allowedClients: null,
            allowedTenants: null,
          },
        },
      ]),
    );
    const resources = await api('GET', '/resources');
    expect(resources.body.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'resource', name: RESOURCE, effective: 'served' }),
        expect.objectContaining({ kind: 'resource-template', name: TEMPLATE, effective: 'served' }),
      ]),
    );
    expect((await api('GET', TEMPLATE_PATH)).body).toMatchObject({
      kind: 'resource-template',
      listing: { uriTemplate: TEMPLATE, name: 'docs' },
      policy: { roles: null, allowedClients: null, allowedTenants: null },
    });
  });

  it('should disable a prompt: unlisted, answered as unknown, list_changed sent, audited', async () => {
    const args = { text: 'hello' };
    const unknown = await refusal(
      client.client.getPrompt({ name: 'no-such', arguments: args }),
      'no-such',
    );
    const notified = client.listChanged('prompts');
    const { status, body } = await api('PATCH', PROMPT_PATH, {
      expectedRevision: 0,
      enabled: false,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      effective: 'disabled',
      policy: { enabled: false, revision: 1, updatedBy: 'root' },
    });
    expect(await promptNames()).not.toContain(PROMPT);
    expect(
      await refusal(client.client.getPrompt({ name: PROMPT, arguments: args }), PROMPT),
    ).toEqual(unknown);
    await eventually(() => client.listChanged('prompts') > notified);

    const audit = await api('GET', '/audit?event=admin.change&limit=1');
    expect((audit.body.records as unknown[])[0]).toMatchObject({
      subject: 'root',
      action: 'prompt_policy.update',
      target: PROMPT,
      changeBefore: { kind: 'prompt', enabled: true, revision: 0 },
      changeAfter: { kind: 'prompt', enabled: false, revision: 1 },
    });
  });

  it.runIf(tier === 'postgres')('should apply the change on every instance', async () => {
    const elsewhere = await connectClient((peer as TestApp).url, analyst);
    try {
      expect(await promptNames(elsewhere)).not.toContain(PROMPT);
      const notified = elsewhere.listChanged('prompts');
      await api('PATCH', PROMPT_PATH, { expectedRevision: 1, roles: ['analyst'] });
      await eventually(() => elsewhere.listChanged('prompts') > notified);
      const seen = await adminRequest(
        (peer as TestApp).origin,
        'GET',
        `/admin/api${PROMPT_PATH}`,
        admin,
      );
      expect(seen.body).toMatchObject({ policy: { roles: ['analyst'], revision: 2 } });
    } finally {
      await elsewhere.close();
    }
  });

  it('should restore a re-enabled prompt', async () => {
    const { body } = await api('GET', PROMPT_PATH);
    const revision = (body.policy as { revision: number }).revision;
    await api('PATCH', PROMPT_PATH, { expectedRevision: revision, enabled: true, roles: null });
    expect(await promptNames()).toContain(PROMPT);
    const result = await client.client.getPrompt({ name: PROMPT, arguments: { text: 'hello' } });
    expect(result.messages).toHaveLength(1);
  });

  it('should show a resource restricted to a role only to holders of the role', async () => {
    const unknown = await refusal(
      client.client.readResource({ uri: 'info://server/nope' }),
      'info://server/nope',
    );
    const notified = client.listChanged('resources');
    const { status } = await api('PATCH', RESOURCE_PATH, {
      expectedRevision: 0,
      roles: ['auditor'],
    });
    expect(status).toBe(200);
    expect(await resourceUris(client)).not.toContain(RESOURCE);
    expect(await refusal(client.client.readResource({ uri: RESOURCE }), RESOURCE)).toEqual(unknown);
    expect(await resourceUris(auditorClient)).toContain(RESOURCE);
    const read = await auditorClient.client.readResource({ uri: RESOURCE });
    expect(read.contents[0]).toMatchObject({ uri: RESOURCE });
    await eventually(() => client.listChanged('resources') > notified);

    await api('PATCH', RESOURCE_PATH, { expectedRevision: 1, roles: null });
    expect(await resourceUris(client)).toContain(RESOURCE);
    expect((await client.client.readResource({ uri: RESOURCE })).contents).toHaveLength(1);
  });

  it('should restrict a template (keyed by its URI template) for every URI it matches', async () => {
    const uri = 'info://server/docs/tools';
    await api('PATCH', TEMPLATE_PATH, { expectedRevision: 0, allowedClients: ['agent-b'] });
    expect(await templates(client)).not.toContain(TEMPLATE);
    expect(await refusal(client.client.readResource({ uri }), uri)).toEqual(
      await refusal(client.client.readResource({ uri: 'info://nowhere/x' }), 'info://nowhere/x'),
    );
    const audit = await api('GET', '/audit?event=admin.change&limit=1');
    expect((audit.body.records as unknown[])[0]).toMatchObject({
      action: 'resource_template_policy.update',
      target: TEMPLATE,
    });
    await api('PATCH', TEMPLATE_PATH, { expectedRevision: 1, allowedClients: null });
    expect(await templates(client)).toContain(TEMPLATE);
    expect((await client.client.readResource({ uri })).contents).toHaveLength(1);
  });

  it('should tell a 2026-07-28 listen stream that the resource list changed', async () => {
    const params = withMeta({ notifications: { resourcesListChanged: true } });
    const abort = new AbortController();
    const response = await fetch(app.url, {
      method: 'POST',
      headers: {
        ...standardHeaders('subscriptions/listen', params),
        Authorization: `Bearer ${analyst}`,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'subscriptions/listen', params }),
      signal: abort.signal,
    });
    try {
      const reader = new SseReader(response);
      expect(await reader.next()).toMatchObject({
        method: 'notifications/subscriptions/acknowledged',
      });
      await api('PATCH', RESOURCE_PATH, { expectedRevision: 2, allowedTenants: ['acme'] });
      expect(await reader.next()).toMatchObject({
        method: 'notifications/resources/list_changed',
      });
    } finally {
      abort.abort();
    }
    await api('PATCH', RESOURCE_PATH, { expectedRevision: 3, allowedTenants: null });
  });

  it('should apply a policy another instance announces on the bus', async () => {
    const { body } = await api('GET', PROMPT_PATH);
    const policy = { ...(body.policy as object), enabled: false };
    await app.running.app.get(ChangeBus).publish(CAPABILITY_POLICY_CHANGED_CHANNEL, { policy });
    await eventually(async () => !(await promptNames()).includes(PROMPT));
    await app.running.app
      .get(ChangeBus)
      .publish(CAPABILITY_POLICY_CHANGED_CHANNEL, { policy: body.policy as object });
    await eventually(async () => (await promptNames()).includes(PROMPT));
  });

  it('should stop telling a subscriber about a resource it may no longer read', async () => {
    const updates: string[] = [];
    client.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      updates.push(notification.params.uri);
    });
    const changes = app.running.app.get(CapabilityChanges);
    await client.client.subscribeResource({ uri: RESOURCE });
    await changes.resourceUpdated(RESOURCE);
    await eventually(() => updates.length === 1);

    const revision = ((await api('GET', RESOURCE_PATH)).body.policy as { revision: number })
      .revision;
    await api('PATCH', RESOURCE_PATH, { expectedRevision: revision, roles: ['auditor'] });
    await changes.resourceUpdated(RESOURCE);
    // A later notification on the same stream arrives after the withheld one would have.
    const notified = client.listChanged('tools');
    await changes.toolsChanged();
    await eventually(() => client.listChanged('tools') > notified);
    expect(updates).toEqual([RESOURCE]);

    await api('PATCH', RESOURCE_PATH, { expectedRevision: revision + 1, roles: null });
    await changes.resourceUpdated(RESOURCE);
    await eventually(() => updates.length === 2);
  });

  it('should refuse bad input clearly and change nothing', async () => {
    const before = await api('GET', PROMPT_PATH);
    const resourceBefore = await api('GET', RESOURCE_PATH);
    const changesBefore = await adminChanges();
    const revision = (before.body.policy as { revision: number }).revision;
    const unchanged = async (): Promise<void> => {
      expect((await api('GET', PROMPT_PATH)).body).toEqual(before.body);
      expect((await api('GET', RESOURCE_PATH)).body).toEqual(resourceBefore.body);
      expect(await adminChanges()).toBe(changesBefore);
      expect(await promptNames()).toContain(PROMPT);
    };

    const invalid = await api('PATCH', PROMPT_PATH, {
      expectedRevision: revision,
      enabled: 'no',
      roles: ['ok', 'has space'],
      timeoutMs: 1000,
    });
    expect(invalid.status).toBe(400);
    const fields = (invalid.body.fieldErrors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['enabled', 'roles', 'timeoutMs']);
    await unchanged();

    const stale = await api('PATCH', PROMPT_PATH, {
      expectedRevision: revision - 1,
      enabled: false,
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ currentRevision: revision });
    await unchanged();

    expect((await api('GET', '/prompts/nope')).status).toBe(404);
    const unknownPrompt = await api('PATCH', '/prompts/nope', { expectedRevision: 0 });
    expect(unknownPrompt.status).toBe(404);
    const unknownUri = `/resources/${encodeURIComponent('info://server/nope')}`;
    expect((await api('PATCH', unknownUri, { expectedRevision: 0, enabled: false })).status).toBe(
      404,
    );
    // A URI that is not percent-encoded as one segment does not name a resource.
    expect((await api('GET', '/resources/info://server/about')).status).toBe(404);
    await unchanged();

    const forbidden = await api('PATCH', PROMPT_PATH, { expectedRevision: revision }, analyst);
    expect(forbidden.status).toBe(403);
    expect((await adminRequest(app.origin, 'GET', '/admin/api/resources', undefined)).status).toBe(
      401,
    );
    await unchanged();
  });

  it('should describe the endpoints in the OpenAPI document', async () => {
    const document = (await (await fetch(`${app.origin}/admin/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/admin/api/prompts',
        '/admin/api/prompts/{name}',
        '/admin/api/resources',
        '/admin/api/resources/{uri}',
      ]),
    );
    expect(
      Object.keys(document.components.schemas.UpdateAccessPolicyDto?.properties ?? {}),
    ).toEqual(['expectedRevision', 'enabled', 'roles', 'allowedClients', 'allowedTenants']);
  });
});
