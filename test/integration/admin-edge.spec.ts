import type { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { ADMIN_API_PATH, type AdminRoute, findAdminRoutes } from '../../src/admin/admin-routes.js';
import { SecurityEvents } from '../../src/security/security-events.service.js';

import {
  adminRequest,
  authEnv,
  type ConnectedClient,
  connectClient,
  tokenFor,
} from '../support/admin-http.js';
import { describeEachDatabase } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** `PATCH /admin/api/tools/{name}`: one spelling for Nest, Express and OpenAPI routes. */
const routeKey = (method: string, path: string): string =>
  `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`;

/** Served by Swagger straight on Express, public by choice (docs/security.md "Admin edge"). */
const isApiDescription = (key: string): boolean =>
  key === `GET ${ADMIN_API_PATH}/openapi.json` || key.startsWith(`GET ${ADMIN_API_PATH}/docs`);

/** The role each route requires: `approver` for the call approvals, else `admin`. */
const requiredRole = (route: AdminRoute): string =>
  route.path.startsWith(`${ADMIN_API_PATH}/approvals`) ? 'approver' : 'admin';

/** The body of every write: what would switch a tool, prompt or resource off. */
const DISABLE = { enabled: false };

/** Every route Express serves under `/admin/api` (matched case-blind): what a request reaches. */
function expressAdminRoutes(app: INestApplication): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> } };
  const { router } = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  return router.stack.flatMap(({ route }) =>
    route?.path.toLowerCase().startsWith(ADMIN_API_PATH)
      ? Object.keys(route.methods).map((method) => routeKey(method, route.path))
      : [],
  );
}

interface OpenApiDocument {
  readonly security?: unknown;
  readonly paths: Record<string, Record<string, { security?: unknown; responses: object }>>;
}

/** The operations of the admin OpenAPI document by route key. */
function documentedRoutes(document: OpenApiDocument) {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      key: routeKey(method, path),
      operation,
    })),
  );
}

/**
 * The admin edge denies by default (docs/security.md "Admin edge"): every route of the admin
 * API, found in the running app, refuses a request without a token (401) and a valid token
 * without the route's role (403), with the exact body, and changes nothing.
 */
describeEachDatabase('admin edge', (tier) => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let admin: string;
  let client: ConnectedClient;
  let routes: AdminRoute[];

  /** A real item per path parameter, so a route that let the request through would change it. */
  const concretePath = (route: AdminRoute): string => {
    const samples: Record<string, string> = {
      name: route.path.includes('/prompts/') ? 'summarize' : 'echo',
      version: '1.0.0',
      uri: encodeURIComponent('info://server/about'),
      id: client.transport.sessionId ?? '',
    };
    return route.path.replace(/:(\w+)/g, (_match, name: string) => samples[name] ?? 'sample');
  };

  /** What every admin route answers `token`: status, body and challenge per route. */
  const sweep = async (token: string | undefined) => {
    const answers = [];
    for (const route of routes) {
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : DISABLE;
      const answer = await adminRequest(app.origin, route.method, concretePath(route), token, body);
      answers.push({
        route: routeKey(route.method, route.path),
        status: answer.status,
        body: answer.body,
        challenge: answer.headers.get('www-authenticate'),
      });
    }
    return answers;
  };

  /** Policies, versions, sessions and the newest audit row, as an admin reads them. */
  const state = () =>
    Promise.all(
      ['/tools', '/prompts', '/resources', '/sessions', '/audit?limit=1'].map(
        async (path) => (await adminRequest(app.origin, 'GET', ADMIN_API_PATH + path, admin)).body,
      ),
    );
  const accessDenied = () => app.running.app.get(SecurityEvents).counts().get('access_denied') ?? 0;

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = await startTestApp({ tier, env: authEnv(jwks) });
    admin = tokenFor(jwks, 'root', ['admin']);
    client = await connectClient(app.url, tokenFor(jwks, 'alice', ['analyst']));
    const nest = app.running.app;
    routes = findAdminRoutes(nest.get(DiscoveryService), nest.get(MetadataScanner));
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
    await jwks?.close();
  });

  it('should find every served admin route in the controllers, and every documented one', async () => {
    const found = routes.map((route) => routeKey(route.method, route.path)).sort();
    expect(found.length).toBeGreaterThanOrEqual(15); // today's; a walk of nothing proves nothing
    expect(found).toContain('POST /admin/api/kb/imports');
    // What Express serves under /admin/api is the controllers' routes plus the API description.
    const served = expressAdminRoutes(app.running.app);
    expect(served.filter((key) => !isApiDescription(key)).sort()).toEqual(found);
    // A route missing from the document is still walked; a documented one must exist.
    const response = await fetch(`${app.origin}${ADMIN_API_PATH}/openapi.json`);
    const document = (await response.json()) as OpenApiDocument;
    const documented = documentedRoutes(document);
    expect(found).toEqual(expect.arrayContaining(documented.map(({ key }) => key)));
    // ...and the document says what the edge does: a bearer token on every operation, 401, 403.
    expect(document.security).toEqual([{ bearer: [] }]);
    for (const { operation } of documented) {
      expect(operation.security).toBeUndefined();
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('should answer 401 with a challenge on every admin route without a token, changing nothing', async () => {
    const before = await state();
    const answers = await sweep(undefined);
    expect(answers).toEqual(
      routes.map((route) => ({
        route: routeKey(route.method, route.path),
        status: 401,
        body: {
          statusCode: 401,
          error: 'Unauthorized',
          message: 'A valid bearer token is required',
        },
        challenge: `Bearer resource_metadata="${app.origin}/.well-known/oauth-protected-resource/mcp"`,
      })),
    );
    expect(await state()).toEqual(before);
  });

  it('should answer 403 on every admin route to a valid token without its role, counted, changing nothing', async () => {
    const before = await state();
    const denied = accessDenied();
    const answers = await sweep(tokenFor(jwks, 'alice', ['analyst', 'editor']));
    expect(answers).toEqual(
      routes.map((route) => ({
        route: routeKey(route.method, route.path),
        status: 403,
        body: {
          statusCode: 403,
          error: 'Forbidden',
          message: `This admin route requires role ${requiredRole(route)}`,
        },
        challenge: null,
      })),
    );
    expect(accessDenied() - denied).toBe(routes.length);
    expect(await state()).toEqual(before);
  });

  it('should admit role approver to the call approvals only, and role admin everywhere else', async () => {
    const approvals = routes.filter((route) => requiredRole(route) === 'approver');
    expect(approvals.map((route) => routeKey(route.method, route.path)).sort()).toEqual([
      `GET ${ADMIN_API_PATH}/approvals`,
      `GET ${ADMIN_API_PATH}/approvals/{id}`,
      `POST ${ADMIN_API_PATH}/approvals/{id}/approve`,
      `POST ${ADMIN_API_PATH}/approvals/{id}/reject`,
    ]);
    const before = await state();
    const answers = await sweep(tokenFor(jwks, 'carol', ['approver']));
    // Past the guard: the list, an unknown approval, and a body of unknown fields refused.
    const past: Record<string, number> = {
      [`GET ${ADMIN_API_PATH}/approvals`]: 200,
      [`GET ${ADMIN_API_PATH}/approvals/{id}`]: 404,
      [`POST ${ADMIN_API_PATH}/approvals/{id}/approve`]: 400,
      [`POST ${ADMIN_API_PATH}/approvals/{id}/reject`]: 400,
    };
    expect(answers.map((answer) => answer.status)).toEqual(
      routes.map((route) => past[routeKey(route.method, route.path)] ?? 403),
    );
    for (const route of approvals) {
      const body = route.method === 'POST' ? { reason: 'admin is not approver' } : undefined;
      const byAdmin = await adminRequest(
        app.origin,
        route.method,
        concretePath(route),
        admin,
        body,
      );
      expect(byAdmin.status).toBe(403);
    }
    expect(await state()).toEqual(before);
  });

  it('should guard the route Express matched, whatever the spelling; an unknown path is 404', async () => {
    const shouted = await adminRequest(app.origin, 'GET', '/ADMIN/API/TOOLS', undefined);
    expect(shouted.status).toBe(401);
    for (const token of [undefined, admin]) {
      expect((await adminRequest(app.origin, 'GET', '/admin/api/nope', token)).status).toBe(404);
    }
  });

  it('should serve the OpenAPI document and Swagger UI without a token, describing no data', async () => {
    const document = await fetch(`${app.origin}${ADMIN_API_PATH}/openapi.json`);
    expect(document.status).toBe(200);
    const text = await document.text();
    for (const item of ['"echo"', 'summarize', 'info://server/about']) {
      expect(text).not.toContain(item);
    }
    const ui = await fetch(`${app.origin}${ADMIN_API_PATH}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});
