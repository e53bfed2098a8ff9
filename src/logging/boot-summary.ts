import type { AppConfig } from '../config/index.js';

/** The last line of the HTTP server's boot log: where to connect, and what it runs on. */
export interface BootSummary {
  readonly mcp: string;
  /** The web dashboard (docs: README "The admin dashboard"). */
  readonly dashboard: string;
  readonly admin: string;
  /** How to get a token with role `admin`. */
  readonly adminToken: string;
  /** Never a credential: no user, no password. */
  readonly database: string;
  readonly auth: string;
}

const DEV_ADMIN_TOKEN = 'npm run token -- --sub you --roles admin';

/** `origin`: where the server listens, e.g. `http://127.0.0.1:3000`. */
export function bootSummary(config: AppConfig, origin: string): BootSummary {
  return {
    mcp: `${origin}/mcp`,
    dashboard: `${origin}/admin/`,
    admin: `${origin}/admin/api/docs`,
    adminToken: adminTokenHint(config.auth),
    database: describeDatabase(config.database),
    auth: describeAuth(config.auth),
  };
}

/** The stdio counterpart: who the process serves as (`MCP_STDIO_*`), and the database. */
export function stdioBootSummary(config: AppConfig): Readonly<Record<string, string>> {
  const { auth } = config;
  return {
    mcp: `stdio, as ${auth.stdioSubject}`,
    roles: auth.stdioRoles.join(',') || 'none (MCP_STDIO_ROLES)',
    scopes: auth.stdioScopes.join(',') || 'none (MCP_STDIO_SCOPES)',
    database: describeDatabase(config.database),
  };
}

function adminTokenHint(auth: AppConfig['auth']): string {
  if (auth.devIssuer) return DEV_ADMIN_TOKEN;
  if (auth.required) return 'use your issuer: a token whose roles claim holds admin';
  // The anonymous principal is not authenticated, so the admin API stays closed.
  return `the admin API needs auth: start with AUTH_DEV_ISSUER=true, then ${DEV_ADMIN_TOKEN}`;
}

function describeDatabase(database: AppConfig['database']): string {
  if (database.url === undefined) return `embedded PGlite at ${database.dataDir}`;
  const url = new URL(database.url);
  const where = `postgres ${url.host || 'localhost'}${url.pathname}`;
  return database.schema === 'public' ? where : `${where} (schema ${database.schema})`;
}

function describeAuth(auth: AppConfig['auth']): string {
  if (!auth.required) return 'off: every request is the anonymous principal';
  const issuers = [auth.issuer, auth.devIssuer ? 'the development issuer' : undefined];
  return `on: tokens from ${issuers.filter(Boolean).join(' and ')} for ${auth.audience}`;
}
