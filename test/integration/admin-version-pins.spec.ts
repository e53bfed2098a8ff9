import { afterAll, beforeAll, expect, it } from 'vitest';

import { ChangeBus } from '../../src/events/change-bus.js';
import { TOOL_POLICY_CHANGED_CHANNEL } from '../../src/policy/tool-policy.cache.js';

import {
  adminRequest,
  authEnv,
  type ConnectedClient,
  connectClient,
  eventually,
  type JsonResponse,
  tokenFor,
} from '../support/admin-http.js';
import { describeEachDatabase } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { postModern, withMeta } from '../support/modern-http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { VERSIONED_TOOL, VersionedReportModule } from '../fixtures/versioned-report.module.js';

const META_VERSION = 'io.github.enterprise-mcp/version';
const TOOL_PATH = `/tools/${VERSIONED_TOOL}`;

/** What one client is served: the version `tools/list` shows and the handler `tools/call` ran. */
interface Served {
  readonly listed: unknown;
  readonly description: string | undefined;
  readonly ran: string | undefined;
}

const V1: Served = {
  listed: '1.0.0',
  description: 'Monthly report, first format (test fixture).',
  ran: 'v1 report for 2026-11',
};
const V2: Served = {
  listed: '2.0.0',
  description: 'Monthly report, second format (test fixture).',
  ran: 'v2 text report for 2026-11',
};

/**
 * Served versions (README "Operate: the admin API") with a tool the code declares in two versions
 * (test/fixtures): clients get the latest approved one, a rollback serves an earlier one to every
 * client, and a policy may pin another version for one OAuth client (`azp`, else `client_id`) while
 * the others keep theirs. Checked with the official SDK client, in what `tools/list` shows and in
 * which handler `tools/call` runs, on each database tier.
 */
describeEachDatabase('tool rollback and per-client version pins', (tier) => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let admin: string;
  let legacyToken: string;
  let otherToken: string;
  let legacy: ConnectedClient;
  let other: ConnectedClient;

  const api = (method: string, path: string, body?: unknown, token = admin) =>
    adminRequest(app.origin, method, `/admin/api${path}`, token, body);
  const patch = (body: unknown, token = admin) => api('PATCH', TOOL_PATH, body, token);
  const policy = async (): Promise<unknown> => (await api('GET', TOOL_PATH)).body.policy;
  const lastAdminChange = async (): Promise<Record<string, unknown> | undefined> =>
    (
      (await api('GET', '/audit?event=admin.change&limit=1')).body.records as
        Record<string, unknown>[] | undefined
    )?.[0];

  async function servedTo({ client }: ConnectedClient): Promise<Served> {
    const tool = (await client.listTools()).tools.find(({ name }) => name === VERSIONED_TOOL);
    const result = await client.callTool({ name: VERSIONED_TOOL, arguments: { month: '2026-11' } });
    const [content] = result.content as { text?: string }[];
    return {
      listed: tool?._meta?.[META_VERSION],
      description: tool?.description,
      ran: content?.text,
    };
  }

  /** The version a stateless 2026-07-28 `tools/list` shows `token`'s client, and its scope. */
  async function modernListing(token: string): Promise<{ listed: unknown; scope: unknown }> {
    const { response } = await postModern(app.url, 'tools/list', withMeta(), {
      Authorization: `Bearer ${token}`,
    });
    const result = response?.['result'] as
      | { tools: { name: string; _meta?: Record<string, unknown> }[]; cacheScope: unknown }
      | undefined;
    const tool = result?.tools.find(({ name }) => name === VERSIONED_TOOL);
    return { listed: tool?._meta?.[META_VERSION], scope: result?.cacheScope };
  }

  /** Sends `request`, asserts it got `status` and left the policy exactly as it was. */
  async function expectRefused(
    request: () => Promise<JsonResponse>,
    status: number,
  ): Promise<JsonResponse> {
    const before = await policy();
    const refused = await request();
    expect(refused.status).toBe(status);
    expect(await policy()).toEqual(before);
    return refused;
  }

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = await startTestApp({ tier, env: authEnv(jwks), extraImports: [VersionedReportModule] });
    admin = tokenFor(jwks, 'root', ['admin']);
    legacyToken = tokenFor(jwks, 'lee', ['analyst'], { client_id: 'legacy-app' });
    otherToken = tokenFor(jwks, 'olga', ['analyst'], { azp: 'agent-b' });
    legacy = await connectClient(app.url, legacyToken);
    other = await connectClient(app.url, otherToken);
  });

  afterAll(async () => {
    await legacy?.close();
    await other?.close();
    await app?.close();
    await jwks?.close();
  });

  it('should serve the latest approved of the two declared versions', async () => {
    const { body } = await api('GET', TOOL_PATH);
    expect(body).toMatchObject({
      effective: 'served',
      servedVersion: '2.0.0',
      clientServedVersions: {},
      policy: { pinnedVersion: null, clientVersionPins: {}, revision: 0 },
    });
    // Both were recorded by one statement at boot: their order is not defined.
    expect(body.versions).toHaveLength(2);
    expect(body.versions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ version: '1.0.0', status: 'approved', served: false }),
        expect.objectContaining({ version: '2.0.0', status: 'approved', served: true }),
      ]),
    );
    expect(await servedTo(legacy)).toEqual(V2);
    expect(await servedTo(other)).toEqual(V2);
  });

  it('should roll every client back to v1 with one audited call, and forward again', async () => {
    const rolledBack = await api('POST', `${TOOL_PATH}/rollback`, {
      version: '1.0.0',
      expectedRevision: 0,
    });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body).toMatchObject({ servedVersion: '1.0.0', policy: { revision: 1 } });
    expect(await servedTo(legacy)).toEqual(V1);
    expect(await servedTo(other)).toEqual(V1);
    expect(await lastAdminChange()).toMatchObject({
      subject: 'root',
      action: 'tool.rollback',
      target: VERSIONED_TOOL,
      changeBefore: { pinnedVersion: null, revision: 0 },
      changeAfter: { pinnedVersion: '1.0.0', revision: 1 },
    });
    const calls = await api('GET', `/audit?event=tool_call.started&tool=${VERSIONED_TOOL}&limit=1`);
    expect(calls.body.records).toEqual([expect.objectContaining({ toolVersion: '1.0.0' })]);

    expect((await patch({ expectedRevision: 1, pinnedVersion: null })).status).toBe(200);
    expect(await servedTo(other)).toEqual(V2);
  });

  it('should pin one client to v1 while every other client gets v2, in list and call', async () => {
    const pinned = await patch({
      expectedRevision: 2,
      clientVersionPins: { 'legacy-app': '1.0.0' },
    });
    expect(pinned.status).toBe(200);
    expect(pinned.body).toMatchObject({
      servedVersion: '2.0.0',
      clientServedVersions: { 'legacy-app': '1.0.0' },
      policy: { clientVersionPins: { 'legacy-app': '1.0.0' }, revision: 3 },
    });
    expect(await servedTo(legacy)).toEqual(V1);
    expect(await servedTo(other)).toEqual(V2);
    expect(await lastAdminChange()).toMatchObject({
      action: 'tool.client_pins',
      changeBefore: { clientVersionPins: {}, revision: 2 },
      changeAfter: { clientVersionPins: { 'legacy-app': '1.0.0' }, revision: 3 },
    });
    const calls = await api('GET', '/audit?event=tool_call.started&clientId=legacy-app&limit=1');
    expect(calls.body.records).toEqual([expect.objectContaining({ toolVersion: '1.0.0' })]);
    // The stateless 2026-07-28 list too; it differs per client, so it is never cached publicly.
    expect(await modernListing(legacyToken)).toEqual({ listed: '1.0.0', scope: 'private' });
    expect(await modernListing(otherToken)).toEqual({ listed: '2.0.0', scope: 'private' });
  });

  it('should serve the default while the pinned version is rejected, and refuse new pins to it', async () => {
    // A decision is a change of the tool: its revision moves on.
    const rejected = await api('POST', `${TOOL_PATH}/versions/1.0.0/reject`);
    expect(rejected).toMatchObject({ status: 200, body: { policy: { revision: 4 } } });
    expect(await servedTo(legacy)).toEqual(V2);
    const { body } = await api('GET', TOOL_PATH);
    expect(body).toMatchObject({
      clientServedVersions: { 'legacy-app': '2.0.0' },
      policy: { clientVersionPins: { 'legacy-app': '1.0.0' } },
    });

    const conflict = await expectRefused(
      () => patch({ expectedRevision: 4, clientVersionPins: { 'agent-b': '1.0.0' } }),
      409,
    );
    expect(conflict.body.message).toMatch(/not approved/);

    expect((await api('POST', `${TOOL_PATH}/versions/1.0.0/approve`)).status).toBe(200);
    expect(await servedTo(legacy)).toEqual(V1);
  });

  it('should refuse an unknown version, a malformed map, a stale revision and a non-admin', async () => {
    const unknown = await expectRefused(
      () => patch({ expectedRevision: 5, clientVersionPins: { 'agent-b': '9.9.9' } }),
      404,
    );
    expect(unknown.body.message).toMatch(/9\.9\.9/);

    for (const malformed of [['legacy-app'], { '': '1.0.0' }, { 'agent-b': 2 }, {}]) {
      const invalid = await expectRefused(
        () => patch({ expectedRevision: 5, clientVersionPins: malformed }),
        400,
      );
      expect(invalid.body.fieldErrors).toEqual([
        { field: 'clientVersionPins', messages: [expect.any(String)] },
      ]);
    }

    const stale = await expectRefused(
      () => patch({ expectedRevision: 4, clientVersionPins: { 'agent-b': '1.0.0' } }),
      409,
    );
    expect(stale.body).toMatchObject({ currentRevision: 5 });

    await expectRefused(
      () => patch({ expectedRevision: 5, clientVersionPins: { 'legacy-app': null } }, legacyToken),
      403,
    );
    expect(await servedTo(legacy)).toEqual(V1);
    expect(await servedTo(other)).toEqual(V2);
  });

  it('should remove one pin with null, leave the others, and remove all with null', async () => {
    const moved = await patch({
      expectedRevision: 5,
      clientVersionPins: { 'legacy-app': null, 'agent-b': '1.0.0' },
    });
    expect(moved.body).toMatchObject({ policy: { clientVersionPins: { 'agent-b': '1.0.0' } } });
    expect(await servedTo(legacy)).toEqual(V2);
    expect(await servedTo(other)).toEqual(V1);

    const cleared = await patch({ expectedRevision: 6, clientVersionPins: null });
    expect(cleared.body).toMatchObject({ policy: { clientVersionPins: {}, revision: 7 } });
    expect(await servedTo(other)).toEqual(V2);
  });

  it('should hold up to 1,000 pins per tool and refuse a change that would exceed them', async () => {
    const full = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`c${i}`, '1.0.0']));
    const filled = await patch({ expectedRevision: 7, clientVersionPins: full });
    expect(filled.status).toBe(200);
    expect(Object.keys(filled.body.clientServedVersions as object)).toHaveLength(1000);
    const c7 = tokenFor(jwks, 'carl', ['analyst'], { azp: 'c7' });
    expect(await modernListing(c7)).toEqual({ listed: '1.0.0', scope: 'private' });

    const over = await expectRefused(
      () => patch({ expectedRevision: 8, clientVersionPins: { 'one-more': '1.0.0' } }),
      400,
    );
    expect(over.body.fieldErrors).toEqual([
      { field: 'clientVersionPins', messages: ['a tool may pin at most 1000 clients'] },
    ]);
    expect((await patch({ expectedRevision: 8, clientVersionPins: null })).status).toBe(200);
  });

  it('should describe the pins in the OpenAPI document', async () => {
    const document = (await (await fetch(`${app.origin}/admin/api/openapi.json`)).json()) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(document.components.schemas.UpdateToolPolicyDto?.properties.clientVersionPins).toEqual(
      expect.objectContaining({
        type: 'object',
        nullable: true,
        additionalProperties: expect.objectContaining({ type: 'string', nullable: true }),
        description: expect.stringContaining('OAuth client id'),
      }),
    );
  });

  it('should apply a change from an instance of an older release, which sends no pins', async () => {
    const { body } = await api('GET', TOOL_PATH);
    const older: Record<string, unknown> = { ...(body.policy as object), pinnedVersion: '1.0.0' };
    delete older.clientVersionPins;
    await app.running.app
      .get(ChangeBus)
      .publish(TOOL_POLICY_CHANGED_CHANNEL, { state: { policy: older, versions: body.versions } });
    await eventually(async () => (await servedTo(other)).listed === '1.0.0');
  });
});
