import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../config/app-config.js';
import { RequestOriginPolicy, hostnameOf } from './request-origin.policy.js';

function policy(env: Record<string, string> = {}): RequestOriginPolicy {
  return new RequestOriginPolicy(loadConfig({ PORT: '3000', ...env }).http);
}

describe('hostnameOf', () => {
  it.each([
    ['localhost:3000', 'localhost'],
    ['LocalHost', 'localhost'],
    ['127.0.0.1:8080', '127.0.0.1'],
    ['[::1]:3000', '::1'],
    ['[::1]', '::1'],
    ['::1', '::1'],
    ['example.com', 'example.com'],
  ])('should read %s as %s', (header, expected) => {
    expect(hostnameOf(header)).toBe(expected);
  });

  it.each([undefined, '', ':3000', 'host:port', '[::1]x', '[]:80', '[::1]:99999999'])(
    'should refuse the garbled value %s',
    (header) => {
      expect(hostnameOf(header)).toBeUndefined();
    },
  );
});

describe(RequestOriginPolicy.name, () => {
  it('should allow the localhost forms of a loopback server and refuse others', () => {
    const sut = policy();
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'localhost']) {
      expect(sut.isHostAllowed(host)).toBe(true);
    }
    for (const host of ['evil.example.com', 'evil.example.com:3000', undefined, '']) {
      expect(sut.isHostAllowed(host)).toBe(false);
    }
  });

  it('should allow the host of MCP_PUBLIC_URL and MCP_ALLOWED_HOSTS', () => {
    const sut = policy({
      MCP_PUBLIC_URL: 'https://mcp.corp.example/mcp',
      MCP_ALLOWED_HOSTS: 'gateway.internal',
    });
    expect(sut.isHostAllowed('mcp.corp.example')).toBe(true);
    expect(sut.isHostAllowed('GATEWAY.internal:8443')).toBe(true);
    expect(sut.isHostAllowed('other.corp.example')).toBe(false);
  });

  it('should allow a request without Origin (non-browser clients)', () => {
    expect(policy().isOriginAllowed(undefined, 'localhost:3000')).toBe(true);
  });

  it('should refuse Origin: null and foreign origins (DNS rebinding)', () => {
    const sut = policy();
    expect(sut.isOriginAllowed('null', 'localhost:3000')).toBe(false);
    expect(sut.isOriginAllowed('http://evil.example.com', 'localhost:3000')).toBe(false);
    expect(sut.isOriginAllowed('http://evil.example.com', 'evil.example.com')).toBe(false);
  });

  it('should allow the same origin as a loopback Host, and only that one', () => {
    const sut = policy();
    expect(sut.isOriginAllowed('http://localhost:3000', 'localhost:3000')).toBe(true);
    expect(sut.isOriginAllowed('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(true);
    expect(sut.isOriginAllowed('http://[::1]:3000', '[::1]:3000')).toBe(true);
    expect(sut.isOriginAllowed('http://localhost:5173', 'localhost:3000')).toBe(false);
    expect(sut.isOriginAllowed('http://127.0.0.1:3000', 'localhost:3000')).toBe(false);
  });

  it('should allow MCP_ALLOWED_ORIGINS, compared as normalized origins', () => {
    const sut = policy({ MCP_ALLOWED_ORIGINS: 'https://App.Example.com/, http://localhost:5173' });
    expect(sut.isOriginAllowed('https://app.example.com', 'localhost:3000')).toBe(true);
    expect(sut.isOriginAllowed('http://localhost:5173', 'localhost:3000')).toBe(true);
    expect(sut.isOriginAllowed('https://app.example.com.evil.io', 'localhost:3000')).toBe(false);
  });

  it('should not extend the same-origin rule to non-loopback hosts', () => {
    const sut = policy({ MCP_PUBLIC_URL: 'https://mcp.corp.example/mcp' });
    expect(sut.isOriginAllowed('https://mcp.corp.example', 'mcp.corp.example')).toBe(false);
  });
});
