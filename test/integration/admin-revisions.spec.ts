import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ChangeBus, type ChangeEvent } from '../../src/events/change-bus.js';
import { CAPABILITY_POLICY_CHANGED_CHANNEL } from '../../src/policy/capability-policy.cache.js';
import { TOOL_POLICY_CHANGED_CHANNEL } from '../../src/policy/tool-policy.cache.js';
import { TOOL_VERSIONS_CHANGED_CHANNEL } from '../../src/versions/served-tool-versions.js';
import {
  adminRequest,
  authEnv,
  eventually,
  type JsonResponse,
  tokenFor,
} from '../support/admin-http.js';
import { describeEachDatabase } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { VERSIONED_TOOL, VersionedReportModule } from '../fixtures/versioned-report.module.js';

const resourcePath = (uri: string): string => `/resources/${encodeURIComponent(uri)}`;

/** One item of each admin family, and a path of the same family that names nothing. */
const ITEMS = [
  { family: 'tool', path: '/tools/echo', unknown: '/tools/nope' },
  { family: 'prompt', path: '/prompts/summarize', unknown: '/prompts/nope' },
  {
    family: 'resource',
    path: resourcePath('info://server/about'),
    unknown: resourcePath('info://server/nope'),
  },
  {
    family: 'resource template',
    path: resourcePath('info://server/docs/{topic}'),
    unknown: resourcePath('info://server/nope/{x}'),
  },
] as const;

const TOOL_PATH = `/tools/${VERSIONED_TOOL}`;

/**
 * HTTP optimistic concurrency of the admin API (RFC 9110 §13.1.1) on every item family, through
 * the real server and database: a GET gives the stored revision as a strong ETag; a change needs
 * no precondition (the toggle is one call), a stale If-Match is 412 and a stale
 * `expectedRevision` 409, both changing nothing; an unknown item is 404 whatever the request.
 */
describeEachDatabase('admin API revisions: ETag and If-Match', (tier) => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let admin: string;

  const api = (
    method: string,
    path: string,
    body?: unknown,
    headers?: Readonly<Record<string, string>>,
  ): Promise<JsonResponse> =>
    adminRequest(app.origin, method, `/admin/api${path}`, admin, body, headers);
  const adminChanges = async (): Promise<number> =>
    ((await api('GET', '/audit?event=admin.change&limit=500')).body.records as unknown[]).length;

  /** Sends `request`, asserts it got `status` and that the item and the audit log stayed as they were. */
  async function expectRefused(
    path: string,
    request: () => Promise<JsonResponse>,
    status: number,
  ): Promise<JsonResponse> {
    const before = await api('GET', path);
    const changes = await adminChanges();
    const refused = await request();
    expect(refused.status).toBe(status);
    expect((await api('GET', path)).body).toEqual(before.body);
    expect(await adminChanges()).toBe(changes);
    return refused;
  }

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = await startTestApp({ tier, env: authEnv(jwks), extraImports: [VersionedReportModule] });
    admin = tokenFor(jwks, 'root', ['admin']);
  });

  afterAll(async () => {
    await app?.close();
    await jwks?.close();
  });

  describe.each(ITEMS)('$family', ({ path, unknown }) => {
    it('should answer a GET with the stored revision as a strong ETag, and never 304', async () => {
      const read = await api('GET', path);
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"0"');
      expect(read.body).toMatchObject({ policy: { revision: 0 } });
      // The body holds more than the revision covers: a revalidation gets the whole of it. As
      // a browser revalidates its cache (fetch would add `Cache-Control: no-cache` otherwise).
      const again = await api('GET', path, undefined, {
        'If-None-Match': '"0"',
        'Cache-Control': 'max-age=0',
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(read.body);
    });

    it('should toggle in one call, without expectedRevision or If-Match', async () => {
      const disabled = await api('PATCH', path, { enabled: false });
      expect(disabled.status).toBe(200);
      expect(disabled.headers.get('etag')).toBe('"1"');
      expect(disabled.body).toMatchObject({
        effective: 'disabled',
        policy: { enabled: false, revision: 1, updatedBy: 'root' },
      });
      const enabled = await api('PATCH', path, { enabled: true });
      expect(enabled.headers.get('etag')).toBe('"2"');
      expect(enabled.body).toMatchObject({ effective: 'served', policy: { enabled: true } });
    });

    it('should answer a stale If-Match 412 and change nothing', async () => {
      const stale = await expectRefused(
        path,
        () => api('PATCH', path, { enabled: false }, { 'If-Match': '"1"' }),
        412,
      );
      expect(stale.body).toEqual({
        statusCode: 412,
        error: 'Precondition Failed',
        message: expect.stringMatching(/If-Match/),
        currentRevision: 2,
      });
      // If-Match compares strongly (RFC 9110 §8.8.3.2): a weak tag never matches.
      await expectRefused(
        path,
        () => api('PATCH', path, { enabled: false }, { 'If-Match': 'W/"2"' }),
        412,
      );
      const malformed = await expectRefused(
        path,
        () => api('PATCH', path, { enabled: false }, { 'If-Match': '2' }),
        400,
      );
      expect(malformed.body.message).toMatch(/If-Match must be/);
    });

    it('should apply a change whose If-Match names the current ETag, or is *', async () => {
      const matching = await api('PATCH', path, { roles: ['analyst'] }, { 'If-Match': '"0", "2"' });
      expect(matching.status).toBe(200);
      expect(matching.headers.get('etag')).toBe('"3"');
      expect(matching.body).toMatchObject({ policy: { roles: ['analyst'], revision: 3 } });
      const any = await api('PATCH', path, { roles: null }, { 'If-Match': '*' });
      expect(any.status).toBe(200);
      expect(any.headers.get('etag')).toBe('"4"');
    });

    it('should answer a stale expectedRevision 409 and change nothing', async () => {
      const stale = await expectRefused(
        path,
        () => api('PATCH', path, { expectedRevision: 3, enabled: false }),
        409,
      );
      expect(stale.body).toMatchObject({ statusCode: 409, currentRevision: 4 });
      expect((await api('PATCH', path, { expectedRevision: 4, enabled: true })).status).toBe(200);
    });

    it('should answer 404 for an unknown item, whatever the body and If-Match', async () => {
      const changes = await adminChanges();
      expect((await api('GET', unknown)).status).toBe(404);
      const invalid = await api('PATCH', unknown, { enabled: 'no', surprise: true });
      expect(invalid).toMatchObject({ status: 404, body: { statusCode: 404 } });
      const stale = await api('PATCH', unknown, { enabled: false }, { 'If-Match': '"9"' });
      expect(stale.status).toBe(404);
      expect((await api('PATCH', unknown, {}, { 'If-Match': 'malformed' })).status).toBe(404);
      expect(await adminChanges()).toBe(changes);
    });
  });

  it('should approve and reject a version in one call each, and refuse a stale If-Match', async () => {
    const versionStatus = async (version: string): Promise<unknown> =>
      ((await api('GET', TOOL_PATH)).body.versions as { version: string; status: string }[]).find(
        (v) => v.version === version,
      )?.status;
    expect((await api('GET', TOOL_PATH)).headers.get('etag')).toBe('"0"');
    await expectRefused(
      TOOL_PATH,
      () => api('POST', `${TOOL_PATH}/versions/1.0.0/reject`, undefined, { 'If-Match': '"7"' }),
      412,
    );
    const rejected = await api('POST', `${TOOL_PATH}/versions/1.0.0/reject`, undefined, {
      'If-Match': '"0"',
    });
    expect(rejected.status).toBe(200);
    // A decision is a change of the tool: its revision, and so its ETag, moves on.
    expect(rejected.headers.get('etag')).toBe('"1"');
    expect(await versionStatus('1.0.0')).toBe('rejected');
    await expectRefused(
      TOOL_PATH,
      () => api('POST', `${TOOL_PATH}/versions/1.0.0/approve`, undefined, { 'If-Match': '"0"' }),
      412,
    );
    const approved = await api('POST', `${TOOL_PATH}/versions/1.0.0/approve`);
    expect(approved.status).toBe(200);
    expect(approved.headers.get('etag')).toBe('"2"');
    expect(await versionStatus('1.0.0')).toBe('approved');
  });

  it('should roll back with If-Match or expectedRevision, and refuse stale ones', async () => {
    const rollback = { version: '1.0.0' };
    await expectRefused(
      TOOL_PATH,
      () => api('POST', `${TOOL_PATH}/rollback`, rollback, { 'If-Match': '"1"' }),
      412,
    );
    const stale = await expectRefused(
      TOOL_PATH,
      () => api('POST', `${TOOL_PATH}/rollback`, { ...rollback, expectedRevision: 1 }),
      409,
    );
    expect(stale.body).toMatchObject({ currentRevision: 2 });
    const rolledBack = await api('POST', `${TOOL_PATH}/rollback`, rollback, { 'If-Match': '"2"' });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.headers.get('etag')).toBe('"3"');
    expect(rolledBack.body).toMatchObject({ servedVersion: '1.0.0', policy: { revision: 3 } });
    const forward = await api('PATCH', TOOL_PATH, { pinnedVersion: null });
    expect(forward.body).toMatchObject({ servedVersion: '2.0.0', policy: { revision: 4 } });
  });

  it('should answer 404 to approve, reject and rollback of an unknown tool, whatever the body', async () => {
    const changes = await adminChanges();
    const headers = { 'If-Match': '"0"' };
    expect(
      (await api('POST', '/tools/nope/versions/1.0.0/approve', undefined, headers)).status,
    ).toBe(404);
    expect((await api('POST', '/tools/nope/versions/1.0.0/reject')).status).toBe(404);
    const invalid = await api('POST', '/tools/nope/rollback', { version: 5, surprise: true });
    expect(invalid.status).toBe(404);
    expect(await adminChanges()).toBe(changes);
  });

  it('should keep every one of concurrent changes made without a precondition', async () => {
    // current_time has no policy row yet: the concurrent first writes race to insert it.
    const path = '/tools/current_time';
    const changes = [
      { roles: ['analyst'] },
      { allowedTenants: ['acme'] },
      { timeoutMs: 5000 },
      { rateLimitPerMinute: 600 },
      { allowedClients: ['agent-a'] },
    ];
    const answers = await Promise.all(changes.map((change) => api('PATCH', path, change)));
    expect(answers.map((answer) => answer.status)).toEqual(changes.map(() => 200));
    const read = await api('GET', path);
    expect(read.headers.get('etag')).toBe(`"${changes.length}"`);
    expect(read.body.policy).toMatchObject({
      ...Object.assign({}, ...changes),
      revision: changes.length,
    });
    await api('PATCH', path, {
      roles: null,
      allowedTenants: null,
      timeoutMs: null,
      rateLimitPerMinute: null,
      allowedClients: null,
    });
  });

  describe('an older revision announced late', () => {
    // Concurrent changes are announced in the order their requests finish, which may differ
    // from the order they committed in. A marker on another item of the same channel,
    // announced next, shows when the older announcement has been handled (one bus keeps order).
    const read = async (path: string): Promise<Item> =>
      (await api('GET', path)).body as unknown as Item;

    /** Announces `late`, then `marker`; once `marked` holds, the item at `path` must be as it was. */
    async function expectIgnored(
      path: string,
      late: ChangeEvent,
      marker: ChangeEvent,
      marked: () => Promise<boolean>,
    ): Promise<void> {
      const bus = app.running.app.get(ChangeBus);
      const item = await read(path);
      await bus.publish(late.channel, late.payload);
      await bus.publish(marker.channel, marker.payload);
      await eventually(marked);
      expect(await read(path)).toEqual(item);
    }

    const older = ({ policy }: Item): Policy => ({
      ...policy,
      enabled: false,
      revision: policy.revision - 1,
    });
    const markedPolicy = ({ policy }: Item): Policy => ({ ...policy, updatedBy: 'marker' });
    const policyCases = [
      {
        channel: TOOL_POLICY_CHANGED_CHANNEL,
        path: '/tools/echo',
        markerPath: '/tools/current_time',
      },
      {
        channel: CAPABILITY_POLICY_CHANGED_CHANNEL,
        path: '/prompts/summarize',
        markerPath: resourcePath('info://server/about'),
      },
    ];

    it.each(policyCases)('should keep the newer policy on $channel', async (policyCase) => {
      const { channel, path, markerPath } = policyCase;
      const marker = await read(markerPath);
      await expectIgnored(
        path,
        { channel, payload: { policy: older(await read(path)) } },
        { channel, payload: { policy: markedPolicy(marker) } },
        async () => (await read(markerPath)).policy.updatedBy === 'marker',
      );
    });

    it('should keep the newer versions of a tool', async () => {
      const bus = app.running.app.get(ChangeBus);
      const announced: ChangeEvent[] = [];
      const stop = bus.subscribe((event) => {
        if (event.channel === TOOL_VERSIONS_CHANGED_CHANNEL) announced.push(event);
      });
      expect((await api('POST', `${TOOL_PATH}/versions/1.0.0/reject`)).status).toBe(200);
      expect((await api('POST', `${TOOL_PATH}/versions/1.0.0/approve`)).status).toBe(200);
      await eventually(() => announced.length === 2);
      stop();
      const echo = await read('/tools/echo');
      const markedVersions = (echo.versions as object[]).map((v) => ({
        ...v,
        decidedBy: 'marker',
      }));
      await expectIgnored(
        TOOL_PATH,
        announced[0] as ChangeEvent,
        {
          channel: TOOL_VERSIONS_CHANGED_CHANNEL,
          payload: {
            recorded: { name: 'echo', revision: echo.policy.revision, versions: markedVersions },
          },
        },
        async () =>
          ((await read('/tools/echo')).versions as { decidedBy: string }[])[0]?.decidedBy ===
          'marker',
      );
    });
  });

  it('should leave Express ETags off the other admin answers', async () => {
    const list = await api('GET', '/tools');
    expect(list.status).toBe(200);
    expect(list.headers.get('etag')).toBeNull();
    expect((await api('GET', '/tools/nope')).headers.get('etag')).toBeNull();
  });

  it('should describe ETag, If-Match, 404, 409 and 412 in the OpenAPI document', async () => {
    const document = (await (await fetch(`${app.origin}/admin/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    const changes = [
      document.paths['/admin/api/tools/{name}']?.patch,
      document.paths['/admin/api/tools/{name}/rollback']?.post,
      document.paths['/admin/api/tools/{name}/versions/{version}/approve']?.post,
      document.paths['/admin/api/tools/{name}/versions/{version}/reject']?.post,
      document.paths['/admin/api/prompts/{name}']?.patch,
      document.paths['/admin/api/resources/{uri}']?.patch,
    ];
    for (const operation of changes) {
      expect(operation?.parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'If-Match', in: 'header', required: false }),
        ]),
      );
      expect(Object.keys(operation?.responses ?? {})).toEqual(
        expect.arrayContaining(['200', '404', '409', '412']),
      );
      expect(operation?.responses['200']?.headers).toHaveProperty('ETag');
    }
    for (const path of [
      '/admin/api/tools/{name}',
      '/admin/api/prompts/{name}',
      '/admin/api/resources/{uri}',
    ]) {
      expect(document.paths[path]?.get?.responses['200']?.headers).toHaveProperty('ETag');
    }
  });
});

interface Policy {
  readonly enabled: boolean;
  readonly revision: number;
  readonly updatedBy: string | null;
}

interface Item {
  readonly policy: Policy;
  readonly versions?: unknown;
}

interface OpenApiOperation {
  readonly parameters?: readonly { name: string; in: string; required?: boolean }[];
  readonly responses: Record<string, { headers?: Record<string, unknown> }>;
}
