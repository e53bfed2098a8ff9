import { describe, expect, it } from 'vitest';

import { accessLogLevel, pathOf } from './http-access-log.js';

describe(accessLogLevel.name, () => {
  it('should log refused credentials and permissions at warn, other client errors at info', () => {
    expect([200, 204, 304, 400, 404, 405, 413, 429].map(accessLogLevel)).toEqual(
      Array(8).fill('info'),
    );
    expect([401, 403].map(accessLogLevel)).toEqual(['warn', 'warn']);
    expect([500, 503].map(accessLogLevel)).toEqual(['error', 'error']);
  });

  it('should keep the query string out of the path', () => {
    expect(pathOf('/admin/api/audit?subject=alice&token=x')).toBe('/admin/api/audit');
    expect(pathOf('/mcp')).toBe('/mcp');
    expect(pathOf(undefined)).toBe('/');
  });
});
