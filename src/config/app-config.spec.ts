import { describe, expect, it } from 'vitest';

import { loadConfig } from './app-config.js';
import { InvalidConfigError } from './env-reader.js';

describe('loadConfig', () => {
  it('should serve on loopback without auth when no issuer is configured', () => {
    const config = loadConfig({});
    expect(config.http.host).toBe('127.0.0.1');
    expect(config.http.port).toBe(3000);
    expect(config.http.publicUrl).toBe('http://127.0.0.1:3000/mcp');
    expect(config.auth.required).toBe(false);
    expect(config.auth.audience).toBe(config.http.publicUrl);
    expect(config.limits.maxBodyBytes).toBe(1_048_576);
    expect(config.database.url).toBeUndefined();
  });

  it('should refuse a non-loopback host without an issuer', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/not a loopback address/);
  });

  it('should take MCP_SKILLS_DIR as an absolute folder and refuse one that is not a folder', () => {
    expect(loadConfig({ MCP_SKILLS_DIR: 'test/fixtures/skills' }).mcp.skillsDir).toMatch(
      /^\/.*\/test\/fixtures\/skills$/,
    );
    expect(loadConfig({}).mcp.skillsDir).toBeUndefined();
    expect(() => loadConfig({ MCP_SKILLS_DIR: '/nonexistent/skills' })).toThrow(
      /MCP_SKILLS_DIR \/nonexistent\/skills is not a folder/,
    );
  });

  it('should require auth by default once an issuer is configured', () => {
    const config = loadConfig({ AUTH_DEV_ISSUER: 'true' });
    expect(config.auth.required).toBe(true);
  });

  it('should list every bad variable in one error', () => {
    try {
      loadConfig({ PORT: 'eighty', MCP_MAX_BODY_BYTES: '-1', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidConfigError);
      expect((error as InvalidConfigError).problems).toHaveLength(3);
    }
  });

  it('should strip a trailing slash from MCP_PUBLIC_URL so it matches RFC 9728 resource rules', () => {
    const config = loadConfig({ MCP_PUBLIC_URL: 'https://mcp.example.com/mcp/' });
    expect(config.http.publicUrl).toBe('https://mcp.example.com/mcp');
    expect(config.http.allowedHosts).toContain('mcp.example.com');
  });

  it('should reject a DB_SCHEMA that is not a plain identifier', () => {
    expect(() => loadConfig({ DB_SCHEMA: 'public; drop table x' })).toThrow(/DB_SCHEMA/);
  });

  it('should read MCP_STDIO_SCOPES comma-separated, like MCP_STDIO_ROLES, and refuse spaces', () => {
    const config = loadConfig({
      MCP_STDIO_ROLES: 'a, b',
      MCP_STDIO_SCOPES: 'compute, tickets:write',
    });
    expect(config.auth.stdioRoles).toEqual(['a', 'b']);
    expect(config.auth.stdioScopes).toEqual(['compute', 'tickets:write']);
    expect(loadConfig({}).auth.stdioScopes).toEqual([]);
    expect(() => loadConfig({ MCP_STDIO_SCOPES: 'compute tickets:write' })).toThrow(
      /MCP_STDIO_SCOPES is comma-separated/,
    );
  });

  it('should read LOG_FORMAT, take LOG_PRETTY as its older spelling and refuse a contradiction', () => {
    expect(loadConfig({}).ops.logFormat).toBeUndefined();
    expect(loadConfig({ LOG_FORMAT: 'json' }).ops.logFormat).toBe('json');
    expect(loadConfig({ LOG_PRETTY: 'true' }).ops.logFormat).toBe('pretty');
    expect(loadConfig({ LOG_PRETTY: 'false' }).ops.logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty', LOG_PRETTY: 'true' }).ops.logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'json', LOG_PRETTY: 'true' })).toThrow(/disagree/);
    expect(() => loadConfig({ LOG_FORMAT: 'text' })).toThrow(
      /LOG_FORMAT must be one of json, pretty/,
    );
  });
});
