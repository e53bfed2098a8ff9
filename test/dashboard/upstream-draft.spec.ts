import { describe, expect, it } from 'vitest';

import type { UpstreamAdminView } from '../../web/dashboard/src/api/admin-api.generated.js';
import {
  createBodyOf,
  draftOf,
  EMPTY_DRAFT,
  updateBodyOf,
} from '../../web/dashboard/src/pages/upstreams/upstream-draft.js';

/** A stored upstream as the admin API shows it: its secrets only as `configured`. */
const STORED = {
  name: 'fx',
  transport: 'streamable-http',
  url: 'https://mcp.example.com/mcp',
  command: null,
  args: [],
  headers: [{ name: 'X-Tenant', configured: true }],
  auth: {
    type: 'client-credentials',
    tokenUrl: 'https://id.example.com/token',
    clientId: 'ours',
    scope: 'tools',
    secretConfigured: true,
  },
  enabled: true,
  revision: 7,
} as unknown as UpstreamAdminView;

/** The upstream forms' bodies (docs/federation.md "Admin API": PATCH replaces headers and auth whole). */
describe("the dashboard's upstream forms", () => {
  it('should leave headers and credential out of an edit that does not replace them', () => {
    const body = updateBodyOf({ ...draftOf(STORED), url: 'https://mcp.example.com/v2' }, 7);
    expect(body).toEqual({
      transport: 'streamable-http',
      url: 'https://mcp.example.com/v2',
      enabled: true,
      expectedRevision: 7,
    });
  });

  it('should send a replaced credential whole, its stored fields prefilled and its secret as typed', () => {
    const draft = { ...draftOf(STORED), credential: 'token-exchange' as const, clientSecret: 's' };
    expect(updateBodyOf({ ...draft, audience: 'api' }, 7).auth).toEqual({
      type: 'token-exchange',
      tokenUrl: 'https://id.example.com/token',
      clientId: 'ours',
      clientSecret: 's',
      scope: 'tools',
      audience: 'api',
    });
    expect(draftOf(STORED).clientSecret).toBe('');
  });

  it('should send replaced headers, empty ones removing them all, and refuse a line without a colon', () => {
    const draft = { ...draftOf(STORED), replaceHeaders: true };
    expect(updateBodyOf({ ...draft, headers: 'X-Tenant: acme\n\n' }, 7).headers).toEqual({
      'X-Tenant': 'acme',
    });
    expect(updateBodyOf(draft, 7).headers).toEqual({});
    expect(() => updateBodyOf({ ...draft, headers: 'X-Tenant acme' }, 7)).toThrow(
      'Header line 1 is not "Name: value"',
    );
  });

  it('should create a stdio upstream without headers or credential', () => {
    const body = createBodyOf({
      ...EMPTY_DRAFT,
      name: ' local ',
      transport: 'stdio',
      command: 'node',
      args: 'server.js\n--quiet\n',
      headers: 'X-Ignored: 1',
    });
    expect(body).toEqual({
      name: 'local',
      transport: 'stdio',
      command: 'node',
      args: ['server.js', '--quiet'],
      auth: { type: 'none' },
    });
  });
});
