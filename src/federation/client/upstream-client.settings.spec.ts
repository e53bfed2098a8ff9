import { describe, expect, it } from 'vitest';

import { EnvReader, type Environment } from '../../config/index.js';
import { DEFAULT_UPSTREAM_CLIENT_OPTIONS } from './upstream-client.options.js';
import { UpstreamClientSettings } from './upstream-client.settings.js';

function read(env: Environment) {
  const reader = new EnvReader(env);
  const values = UpstreamClientSettings.read(reader.scoped(UpstreamClientSettings.prefix));
  reader.assertValid();
  return values;
}

describe('UpstreamClientSettings', () => {
  it('should default to the documented values', () => {
    expect(read({})).toEqual(DEFAULT_UPSTREAM_CLIENT_OPTIONS);
  });

  it('should read the MCP_UPSTREAM_* variables', () => {
    expect(
      read({
        MCP_UPSTREAM_BREAKER_FAILURES: '3',
        MCP_UPSTREAM_BREAKER_OPEN_MS: '1000',
        MCP_UPSTREAM_RETRY_ATTEMPTS: '0',
        MCP_UPSTREAM_RETRY_DELAY_MS: '50',
        MCP_UPSTREAM_TOKEN_SKEW_MS: '0',
        MCP_UPSTREAM_EXCHANGE_CACHE: '10',
      }),
    ).toEqual({
      breakerFailures: 3,
      breakerOpenMs: 1_000,
      retryAttempts: 0,
      retryDelayMs: 50,
      tokenSkewMs: 0,
      exchangeCacheSize: 10,
    });
  });

  it('should refuse values out of range, naming each variable', () => {
    expect(() =>
      read({ MCP_UPSTREAM_BREAKER_FAILURES: '0', MCP_UPSTREAM_RETRY_ATTEMPTS: 'many' }),
    ).toThrow(/MCP_UPSTREAM_BREAKER_FAILURES[\s\S]*MCP_UPSTREAM_RETRY_ATTEMPTS/);
  });
});
