import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import {
  adminRequest,
  authEnv,
  type ConnectedClient,
  connectClient,
  eventually,
  tokenFor,
} from '../support/admin-http.js';
import {
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { copyFixtureSkills, listAllSkills } from '../support/skills.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PDF = 'skill://pdf-processing/SKILL.md';

interface VersionView {
  readonly digest: string;
  readonly status: string;
  readonly current: boolean;
  readonly served: boolean;
}

/**
 * Skills under `MCP_TOOL_APPROVAL=required` (docs/skills.md "Approval"): nothing is served until
 * approved; a changed SKILL.md is recorded and held while the approved version keeps being
 * served, from the database, across a restart.
 */
describeEachDatabase('skills held for approval', (tier) => {
  let jwks: TestJwksServer;
  let folder: Awaited<ReturnType<typeof copyFixtureSkills>>;
  let app: TestApp;
  let admin: string;
  let analyst: string;
  let client: ConnectedClient;
  let env: Record<string, string>;
  let database: TestDatabase;

  const api = (method: string, path: string, headers?: Record<string, string>) =>
    adminRequest(app.origin, method, `/admin/api${path}`, admin, undefined, headers);
  const versions = async (): Promise<VersionView[]> =>
    (await api('GET', '/skills/pdf-processing')).body.versions as VersionView[];
  const current = async (): Promise<VersionView> =>
    (await versions()).find((version) => version.current) as VersionView;
  const approve = async (digest: string) =>
    api('POST', `/skills/pdf-processing/versions/${encodeURIComponent(digest)}/approve`);
  const servedText = async (): Promise<string> => {
    const { contents } = await client.client.readResource({ uri: PDF });
    return (contents[0] as { text: string }).text;
  };
  const manifest = () => join(folder.dir, 'pdf-processing/SKILL.md');

  beforeAll(async () => {
    jwks = await startJwksServer();
    folder = await copyFixtureSkills();
    env = {
      ...authEnv(jwks),
      MCP_SKILLS_DIR: folder.dir,
      MCP_SKILLS_WATCH_DEBOUNCE_MS: '50',
      MCP_TOOL_APPROVAL: 'required',
    };
    // Owned here, so the app can restart on it.
    database = await createTestDatabase(tier, { open: false });
    app = await startTestApp({ tier, env, database });
    admin = tokenFor(jwks, 'root', ['admin']);
    analyst = tokenFor(jwks, 'alice', ['analyst']);
    client = await connectClient(app.url, analyst);
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await database?.cleanup();
    await jwks?.close();
    await folder?.remove();
  });

  it('should serve no skill before it is approved', async () => {
    expect((await listAllSkills(client.client)).skills).toEqual([]);
    const view = await api('GET', '/skills/pdf-processing');
    expect(view.body).toMatchObject({
      effective: 'withheld',
      servedDigest: null,
      origin: 'folder',
    });
    expect(await versions()).toEqual([
      expect.objectContaining({ status: 'pending', current: true, served: false }),
    ]);
  });

  it('should serve an approved version, with the If-Match rules and list_changed', async () => {
    const { digest } = await current();
    const read = await api('GET', '/skills/pdf-processing');
    const etag = read.headers.get('etag') as string;
    const heard = client.listChanged('resources');
    const approved = await api(
      'POST',
      `/skills/pdf-processing/versions/${encodeURIComponent(digest)}/approve`,
      { 'If-Match': etag },
    );
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ effective: 'served', servedDigest: digest });
    const stale = await api(
      'POST',
      `/skills/pdf-processing/versions/${encodeURIComponent(digest)}/reject`,
      { 'If-Match': etag },
    );
    expect(stale.status).toBe(412);
    expect((await approve(digest)).status).toBe(409);
    expect((await approve('sha256:0000')).status).toBe(404);
    expect((await api('POST', '/skills/nope/versions/sha256%3A00/approve')).status).toBe(404);
    await eventually(() => client.listChanged('resources') > heard, 3000);
    expect((await listAllSkills(client.client)).skills.map((skill) => skill.uri)).toEqual([PDF]);
  });

  it('should hold a changed SKILL.md while the approved version keeps being served', async () => {
    const approvedText = await readFile(manifest(), 'utf8');
    const approved = await current();
    await appendFile(manifest(), '\nAlso: always check the page count first.\n');
    const pending = async () => (await versions()).some((v) => v.current && v.status === 'pending');
    await eventually(pending, 5000);
    const held = await current();
    expect(held).toMatchObject({ status: 'pending', served: false });
    expect(await versions()).toContainEqual({ ...approved, current: false });
    expect(await servedText()).toBe(approvedText);
    const [entry] = (await listAllSkills(client.client)).skills;
    expect(entry?.resources[0]?.size).toBe(Buffer.byteLength(approvedText));

    expect((await approve(held.digest)).status).toBe(200);
    expect(await servedText()).toBe(await readFile(manifest(), 'utf8'));
  });

  it('should keep serving the approved version from the database after a restart', async () => {
    const approvedText = await servedText();
    await appendFile(manifest(), '\nA change nobody approved yet.\n');
    await eventually(
      async () => (await versions()).some((v) => v.current && v.status === 'pending'),
      5000,
    );
    await client.close();
    await app.close();
    app = await startTestApp({ tier, env, database });
    client = await connectClient(app.url, analyst);
    expect(await servedText()).toBe(approvedText);
    const pending = await current();
    expect(pending).toMatchObject({ status: 'pending', served: false });
    const rejected = await api(
      'POST',
      `/skills/pdf-processing/versions/${encodeURIComponent(pending.digest)}/reject`,
    );
    expect(rejected.status).toBe(200);
    expect(await servedText()).toBe(approvedText);
  });
});
