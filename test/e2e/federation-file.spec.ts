import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { adminRequest, authEnv, tokenFor } from '../support/admin-http.js';
import { availableTiers } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { type HttpUpstream, startHttpUpstream } from '../support/upstream/http-upstream.js';

/** docs/federation.md "GitOps": MCP_UPSTREAMS_FILE applied at boot and on every change. */
describe.each(availableTiers())('MCP_UPSTREAMS_FILE [%s]', (tier) => {
  let folder: string;
  let file: string;
  let jwks: TestJwksServer;
  let upstream: HttpUpstream;
  let app: TestApp;
  let admin: string;
  const api = (method: string, path: string, body?: unknown) =>
    adminRequest(app.origin, method, `/admin/api${path}`, admin, body);
  const names = async (): Promise<string[]> =>
    ((await api('GET', '/upstreams')).body.upstreams as { name: string }[]).map((u) => u.name);

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'upstreams-file-'));
    file = join(folder, 'upstreams.yaml');
    jwks = await startJwksServer();
    upstream = await startHttpUpstream();
    writeFileSync(
      file,
      `upstreams:\n  - name: fromfile\n    transport: streamable-http\n    url: ${upstream.url}\n`,
    );
    app = await startTestApp({ tier, env: { ...authEnv(jwks), MCP_UPSTREAMS_FILE: file } });
    admin = tokenFor(jwks, 'root', ['admin']);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await upstream?.close();
    await jwks?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('should apply the file at boot, as file-managed upstreams the API does not change', async () => {
    const one = await api('GET', '/upstreams/fromfile');
    expect(one.body).toMatchObject({ managedBy: 'file', updatedBy: 'upstreams-file' });
    await expect
      .poll(async () => ((await api('GET', '/upstreams/fromfile')).body.tools as unknown[]).length)
      .toBeGreaterThan(0);
    expect((await api('PATCH', '/upstreams/fromfile', { enabled: false })).status).toBe(409);
    expect((await api('DELETE', '/upstreams/fromfile')).status).toBe(409);
  });

  it('should refuse a broken file whole and apply the next good one', async () => {
    writeFileSync(file, 'upstreams:\n  - name: bad__name\n    transport: stdio\n');
    await new Promise((done) => setTimeout(done, 1_000));
    expect(await names()).toEqual(['fromfile']);

    writeFileSync(
      file,
      JSON.stringify([{ name: 'renamed', transport: 'streamable-http', url: upstream.url }]),
    );
    await expect.poll(names, { timeout: 5_000 }).toEqual(['renamed']);
  });
});
