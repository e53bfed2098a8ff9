import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
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
import { describeEachDatabase } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { parseBody, standardHeaders, withMeta } from '../support/modern-http.js';
import {
  copyFixtureSkills,
  errorCode,
  fileDigest,
  listAllSkills,
  skillsRequest,
} from '../support/skills.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PDF = 'skill://pdf-processing/SKILL.md';
const REFUNDS = 'skill://acme/billing/refunds/SKILL.md';
const HANDBOOK = 'skill://answer-from-handbook/SKILL.md';
const EDITORS_ONLY = 'skill://change-record-safely/SKILL.md';

/**
 * Agent Skills over MCP (SEP-2640, docs/skills.md) through the real server and the official SDK
 * client: a fixture folder with nested files and paths as `MCP_SKILLS_DIR`, the knowledge base's
 * own skills beside it; access by role and policy; a folder changing under connected clients
 * (on Postgres, heard on a second instance); skills refused at load naming their file.
 */
describeEachDatabase('skills over MCP', (tier) => {
  let jwks: TestJwksServer;
  let folder: Awaited<ReturnType<typeof copyFixtureSkills>>;
  let app: TestApp;
  let peer: TestApp | undefined;
  let admin: string;
  let analyst: string;
  let analystClient: ConnectedClient;
  let editorClient: ConnectedClient;
  let peerClient: ConnectedClient | undefined;

  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    adminRequest(app.origin, method, `/admin/api${path}`, admin, body, headers);
  const uris = async (on: ConnectedClient): Promise<string[]> =>
    (await listAllSkills(on.client)).skills.map((skill) => skill.uri);

  beforeAll(async () => {
    jwks = await startJwksServer();
    folder = await copyFixtureSkills();
    const env = {
      ...authEnv(jwks),
      MCP_SKILLS_DIR: folder.dir,
      MCP_SKILLS_WATCH_DEBOUNCE_MS: '50',
      MCP_PAGE_SIZE: '2',
    };
    app = await startTestApp({ tier, env });
    // The peer watches the same folder, but only after a minute's quiet: it hears of a change
    // through the ChangeBus (Postgres NOTIFY) from the instance that saw it.
    if (tier === 'postgres') {
      peer = await startTestApp({
        database: app.database,
        env: { ...env, MCP_SKILLS_WATCH_DEBOUNCE_MS: '60000' },
      });
    }
    admin = tokenFor(jwks, 'root', ['admin']);
    analyst = tokenFor(jwks, 'alice', ['analyst']);
    analystClient = await connectClient(app.url, analyst);
    editorClient = await connectClient(app.url, tokenFor(jwks, 'erin', ['editor']));
    if (peer !== undefined) peerClient = await connectClient(peer.url, analyst);
  });

  afterAll(async () => {
    for (const client of [analystClient, editorClient, peerClient]) await client?.close();
    await peer?.close();
    await app?.close();
    await jwks?.close();
    await folder?.remove();
  });

  it('should list every visible skill in whole entries across pages, with digests and sizes', async () => {
    const { pages, skills } = await listAllSkills(analystClient.client);
    expect(skills.map((skill) => skill.uri)).toEqual([REFUNDS, HANDBOOK, PDF]);
    expect(pages.map((page) => page.length)).toEqual([2, 1]);
    const pdf = skills.find((skill) => skill.uri === PDF);
    expect(pdf?.frontmatter).toEqual({
      name: 'pdf-processing',
      description: expect.stringContaining('PDF'),
      license: 'Apache-2.0',
      metadata: { author: 'platform-team', version: '1.2' },
    });
    const files = ['SKILL.md', 'references/FORMS.md', 'scripts/extract.py'];
    expect(pdf?.resources).toEqual(
      await Promise.all(
        files.map(async (file) => {
          const path = join(folder.dir, 'pdf-processing', file);
          return {
            uri: `skill://pdf-processing/${file}`,
            digest: await fileDigest(path),
            size: (await readFile(path)).length,
          };
        }),
      ),
    );
  });

  it('should answer skills/get with the list entry, and -32602 for a skill it does not serve', async () => {
    const { skills } = await listAllSkills(analystClient.client);
    const got = await skillsRequest(analystClient.client, 'skills/get', { uri: REFUNDS });
    expect(got.skill).toEqual(skills.find((skill) => skill.uri === REFUNDS));
    expect(got).not.toHaveProperty('nextCursor');
    const unknown = skillsRequest(analystClient.client, 'skills/get', {
      uri: 'skill://nope/SKILL.md',
    });
    expect(await errorCode(unknown)).toBe(-32602);
  });

  it('should read SKILL.md as text/markdown and nested files, named from the frontmatter in resources/list', async () => {
    const read = await analystClient.client.readResource({ uri: PDF });
    expect(read.contents).toEqual([
      {
        uri: PDF,
        mimeType: 'text/markdown',
        text: await readFile(join(folder.dir, 'pdf-processing/SKILL.md'), 'utf8'),
      },
    ]);
    const nested = await analystClient.client.readResource({
      uri: 'skill://acme/billing/refunds/templates/refund-note.md',
    });
    expect(nested.contents[0]).toMatchObject({
      mimeType: 'text/markdown',
      text: expect.stringContaining('refund'),
    });
    const listed: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    do {
      const page = await analystClient.client.listResources(cursor === undefined ? {} : { cursor });
      listed.push(...page.resources);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(listed).toContainEqual(
      expect.objectContaining({
        uri: PDF,
        name: 'pdf-processing',
        mimeType: 'text/markdown',
        description: expect.stringContaining('PDF'),
      }),
    );
    const audited = await api('GET', '/audit?event=skill.read&limit=100');
    expect(audited.body.records).toContainEqual(
      expect.objectContaining({ event: 'skill.read', subject: 'alice', target: PDF }),
    );
  });

  it('should read skill folders with resources/directory/read, subfolders as inode/directory', async () => {
    const root = await skillsRequest(analystClient.client, 'resources/directory/read', {
      uri: 'skill://pdf-processing',
    });
    expect(root.resources).toEqual([
      expect.objectContaining({ uri: PDF, mimeType: 'text/markdown' }),
      { uri: 'skill://pdf-processing/references', name: 'references', mimeType: 'inode/directory' },
    ]);
    expect(root.nextCursor).toEqual(expect.any(String));
    const rest = await skillsRequest(analystClient.client, 'resources/directory/read', {
      uri: 'skill://pdf-processing',
      cursor: root.nextCursor,
    });
    expect(rest.resources).toEqual([
      { uri: 'skill://pdf-processing/scripts', name: 'scripts', mimeType: 'inode/directory' },
    ]);
    const sub = await skillsRequest(analystClient.client, 'resources/directory/read', {
      uri: 'skill://pdf-processing/references',
    });
    expect(sub.resources).toEqual([
      expect.objectContaining({
        uri: 'skill://pdf-processing/references/FORMS.md',
        name: 'FORMS.md',
      }),
    ]);
    const notADirectory = skillsRequest(analystClient.client, 'resources/directory/read', {
      uri: PDF,
    });
    expect(await errorCode(notADirectory)).toBe(-32602);
  });

  it('should hide a skill by role: absent from skills/list, unknown to skills/get, not found to read', async () => {
    expect(await uris(analystClient)).not.toContain(EDITORS_ONLY);
    expect(await uris(editorClient)).toContain(EDITORS_ONLY);
    expect(
      await errorCode(skillsRequest(analystClient.client, 'skills/get', { uri: EDITORS_ONLY })),
    ).toBe(-32602);
    expect(await errorCode(analystClient.client.readResource({ uri: EDITORS_ONLY }))).toBe(-32002);
    expect(
      await errorCode(
        skillsRequest(analystClient.client, 'resources/directory/read', {
          uri: 'skill://change-record-safely',
        }),
      ),
    ).toBe(-32602);
  });

  it('should hide a skill by its policy, with the admin API ETag rules', async () => {
    const before = await api('GET', '/skills/pdf-processing');
    expect(before.status).toBe(200);
    const etag = before.headers.get('etag') as string;
    const changed = await api(
      'PATCH',
      '/skills/pdf-processing',
      { roles: ['auditor'] },
      { 'If-Match': etag },
    );
    expect(changed.status).toBe(200);
    expect(await uris(analystClient)).not.toContain(PDF);
    expect(await errorCode(analystClient.client.readResource({ uri: PDF }))).toBe(-32002);
    const stale = await api(
      'PATCH',
      '/skills/pdf-processing',
      { roles: null },
      { 'If-Match': etag },
    );
    expect(stale.status).toBe(412);
    expect((await api('PATCH', '/skills/pdf-processing', { roles: null })).status).toBe(200);
    expect(await uris(analystClient)).toContain(PDF);
    expect((await api('PATCH', '/skills/no-such-skill', { roles: null })).status).toBe(404);
  });

  it('should pick up a folder change without a restart and announce it on every instance', async () => {
    const heard = (client: ConnectedClient | undefined) => client?.listChanged('resources') ?? 0;
    // The policy changes of the test before announce list_changed too: count from a quiet moment.
    for (let before = -1; before !== heard(analystClient) + heard(peerClient);) {
      before = heard(analystClient) + heard(peerClient);
      await new Promise((settled) => setTimeout(settled, 300));
    }
    const [onApp, onPeer] = [heard(analystClient), heard(peerClient)];
    await mkdir(join(folder.dir, 'release-notes'));
    await writeFile(
      join(folder.dir, 'release-notes/SKILL.md'),
      '---\nname: release-notes\ndescription: Write release notes from merged changes.\n---\n\n# Release notes\n',
    );
    await eventually(() => heard(analystClient) > onApp, 5000);
    if (peerClient !== undefined) await eventually(() => heard(peerClient) > onPeer, 5000);
    expect(await uris(analystClient)).toContain('skill://release-notes/SKILL.md');
    if (peerClient !== undefined)
      expect(await uris(peerClient)).toContain('skill://release-notes/SKILL.md');
    await rm(join(folder.dir, 'release-notes'), { recursive: true });
    await eventually(
      async () => !(await uris(analystClient)).includes('skill://release-notes/SKILL.md'),
      5000,
    );
  });

  it('should refuse bad frontmatter and a skill over the limits at load, naming the file', async () => {
    await mkdir(join(folder.dir, 'no-description'));
    await writeFile(
      join(folder.dir, 'no-description/SKILL.md'),
      '---\nname: no-description\n---\nBody\n',
    );
    await mkdir(join(folder.dir, 'too-many/parts'), { recursive: true });
    await writeFile(
      join(folder.dir, 'too-many/SKILL.md'),
      '---\nname: too-many\ndescription: Far too many files.\n---\n',
    );
    await Promise.all(
      Array.from({ length: 512 }, (_, i) =>
        writeFile(join(folder.dir, `too-many/parts/${i}.txt`), `${i}`),
      ),
    );
    await eventually(
      async () => ((await api('GET', '/skills')).body.problems as unknown[]).length >= 2,
      5000,
    );
    const { problems } = (await api('GET', '/skills')).body;
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          file: join(folder.dir, 'no-description/SKILL.md'),
          message: 'frontmatter has no "description"',
        },
        {
          file: join(folder.dir, 'too-many/SKILL.md'),
          message: 'the skill has 513 files, more than 512',
        },
      ]),
    );
    expect(await uris(analystClient)).not.toContain('skill://too-many/SKILL.md');
    // Two apps in one process share prom-client's registry: read the gauge with one app only.
    if (peer === undefined) {
      const metrics = await (await fetch(`${app.origin}/metrics`)).text();
      expect(metrics).toContain('mcp_skills{state="refused"} 2');
    }
    await rm(join(folder.dir, 'no-description'), { recursive: true });
    await rm(join(folder.dir, 'too-many'), { recursive: true });
  });

  it('should serve the 2026-07-28 stateless era with ttlMs and cacheScope', async () => {
    // Raw requests: the official 2026-07-28 schema does not define the extension's methods.
    const modern = async (method: string, params: Record<string, unknown>) => {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { ...standardHeaders(method, params), Authorization: `Bearer ${analyst}` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      });
      const [message] = parseBody(
        response.headers.get('content-type') ?? '',
        await response.text(),
      );
      return message?.['result'];
    };
    expect(await modern('skills/list', withMeta())).toMatchObject({
      skills: [{ uri: REFUNDS }, { uri: HANDBOOK }],
      nextCursor: expect.any(String),
      ttlMs: expect.any(Number),
      cacheScope: 'private',
    });
    expect(await modern('skills/get', withMeta({ uri: PDF }))).toMatchObject({
      skill: { uri: PDF },
      ttlMs: expect.any(Number),
      cacheScope: 'private',
    });
  });
});
