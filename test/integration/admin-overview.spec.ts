import { hostname } from 'node:os';

import { afterAll, beforeAll, expect, it } from 'vitest';

import type { OverviewReport, RecentToolCalls } from '../../src/admin/overview/overview.view.js';
import { COUNT_TOOL, CountingToolsModule } from '../fixtures/counting-tools.module.js';
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

/** Two 5-second samples of the metrics window (src/metrics/window) and some slack. */
const TWO_STEPS_MS = 12_000;

/**
 * `GET /admin/api/overview` and `GET /admin/api/tool-calls` (README "The admin dashboard"):
 * readiness, database and the rolling windows of the tool-call metrics, on a real server
 * after real calls from an official SDK client.
 */
describeEachDatabase('admin overview', (tier) => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let admin: string;
  let client: ConnectedClient;

  const get = async <T>(path: string, token = admin) => {
    const response = await adminRequest(app.origin, 'GET', `/admin/api${path}`, token);
    return { status: response.status, body: response.body as unknown as T };
  };

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = await startTestApp({ tier, env: authEnv(jwks), extraImports: [CountingToolsModule] });
    admin = tokenFor(jwks, 'root', ['admin']);
    client = await connectClient(app.url, tokenFor(jwks, 'alice', []));
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await jwks?.close();
  });

  it('should need role admin', async () => {
    expect((await get('/overview', tokenFor(jwks, 'approver', ['approver']))).status).toBe(403);
    expect((await adminRequest(app.origin, 'GET', '/admin/api/overview', undefined)).status).toBe(
      401,
    );
  });

  it('should report readiness check by check and the database engine', async () => {
    const { status, body } = await get<OverviewReport>('/overview');
    expect(status).toBe(200);
    expect(body.instance).toBe(`${hostname()} (pid ${process.pid})`);
    expect(body.readiness.ready).toBe(true);
    expect(body.readiness.checks.map((check) => [check.name, check.up])).toEqual([
      ['shutdown', true],
      ['database', true],
      ['migrations', true],
      // Federated upstreams: reported, never unready (docs/federation.md "Health").
      ['upstreams', true],
    ]);
    expect(body.database.engine).toBe(tier === 'postgres' ? 'postgres' : 'pglite');
    expect(body.database.poolInUse).toBeGreaterThanOrEqual(0);
  });

  it("should count this instance's calls, errors and p95 latency per tool, live and over the hour", async () => {
    for (let n = 0; n < 3; n += 1) {
      await client.client.callTool({ name: COUNT_TOOL, arguments: { label: 'ok', delayMs: 30 } });
    }
    // The handler throws: a tool error.
    await client.client.callTool({ name: COUNT_TOOL, arguments: { label: 'bad', fail: true } });

    const { body: hour } = await get<RecentToolCalls>('/tool-calls');
    expect(hour.windowMinutes).toBe(60);
    const counted = hour.tools.find((tool) => tool.name === COUNT_TOOL);
    expect(counted).toMatchObject({ calls: 4, errors: 1 });
    // Three of four calls took 30 ms: the p95 lies in the histogram's 25–50 ms bucket.
    expect(counted?.p95Ms).toBeGreaterThanOrEqual(25);
    expect(counted?.p95Ms).toBeLessThanOrEqual(50);

    let live: OverviewReport['live'] | undefined;
    await eventually(async () => {
      live = (await get<OverviewReport>('/overview')).body.live;
      return live.tools.some((tool) => tool.name === COUNT_TOOL);
    }, TWO_STEPS_MS);
    expect(live?.stepSeconds).toBe(5);
    expect(live?.tools.find((tool) => tool.name === COUNT_TOOL)).toMatchObject({
      calls: 4,
      errors: 1,
    });
    const steps = live?.points.filter((point) => point.calls > 0) ?? [];
    expect(steps.reduce((sum, point) => sum + point.calls, 0)).toBe(4);
    expect(steps.reduce((sum, point) => sum + point.errors, 0)).toBe(1);
    expect(live?.points.at(-1)?.activeSessions).toBe(1);
  }, 20_000);
});
