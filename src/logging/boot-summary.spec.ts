import { describe, expect, it } from 'vitest';

import { loadConfig } from '../config/index.js';
import { bootSummary, stdioBootSummary } from './boot-summary.js';

const ORIGIN = 'http://127.0.0.1:3000';

describe(bootSummary.name, () => {
  it('should give the URLs, the token command of the development issuer and the data directory', () => {
    const config = loadConfig({ AUTH_DEV_ISSUER: 'true', MCP_DATA_DIR: '/var/mcp' });
    expect(bootSummary(config, ORIGIN)).toEqual({
      mcp: 'http://127.0.0.1:3000/mcp',
      dashboard: 'http://127.0.0.1:3000/admin/',
      admin: 'http://127.0.0.1:3000/admin/api/docs',
      adminToken: 'npm run token -- --sub you --roles admin',
      database: 'embedded PGlite at /var/mcp',
      auth: 'on: tokens from the development issuer for http://127.0.0.1:3000/mcp',
    });
  });

  it('should name a Postgres by host, port and database, never its credentials', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:s3cret@db.internal:5433/mcp?sslmode=require',
      DB_SCHEMA: 'tenant_a',
      AUTH_ISSUER: 'https://idp.example.com',
      AUTH_JWKS_URI: 'https://idp.example.com/jwks',
    });
    const summary = bootSummary(config, ORIGIN);
    expect(summary.database).toBe('postgres db.internal:5433/mcp (schema tenant_a)');
    expect(JSON.stringify(summary)).not.toMatch(/s3cret|app:/);
    expect(summary.adminToken).toBe('use your issuer: a token whose roles claim holds admin');
    expect(summary.auth).toBe(
      'on: tokens from https://idp.example.com for http://127.0.0.1:3000/mcp',
    );
  });

  it('should say that auth is off and what opens the admin API', () => {
    const summary = bootSummary(loadConfig({}), ORIGIN);
    expect(summary.auth).toBe('off: every request is the anonymous principal');
    expect(summary.adminToken).toBe(
      'the admin API needs auth: start with AUTH_DEV_ISSUER=true, then npm run token -- --sub you --roles admin',
    );
  });

  it('should tell a stdio process who it serves as', () => {
    const config = loadConfig({ MCP_STDIO_ROLES: 'analyst,editor', MCP_DATA_DIR: '/var/mcp' });
    expect(stdioBootSummary(config)).toEqual({
      mcp: `stdio, as ${config.auth.stdioSubject}`,
      roles: 'analyst,editor',
      scopes: 'none (MCP_STDIO_SCOPES)',
      database: 'embedded PGlite at /var/mcp',
    });
  });
});
