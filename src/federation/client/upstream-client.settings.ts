import { defineSettings } from '../../config/index.js';
import { DEFAULT_UPSTREAM_CLIENT_OPTIONS as DEFAULTS } from './upstream-client.options.js';

/** The upstream client's `MCP_UPSTREAM_*` variables (docs/federation-client.md). */
export class UpstreamClientSettings extends defineSettings('MCP_', (read) => ({
  /** `MCP_UPSTREAM_BREAKER_FAILURES`: consecutive failures that open an upstream's circuit. */
  breakerFailures: read.integer('UPSTREAM_BREAKER_FAILURES', DEFAULTS.breakerFailures, 1, 1_000),
  /** `MCP_UPSTREAM_BREAKER_OPEN_MS`: how long an open circuit waits before a probe call. */
  breakerOpenMs: read.integer('UPSTREAM_BREAKER_OPEN_MS', DEFAULTS.breakerOpenMs, 100, 3_600_000),
  /** `MCP_UPSTREAM_RETRY_ATTEMPTS`: retries of read-only/idempotent requests after a transport failure. */
  retryAttempts: read.integer('UPSTREAM_RETRY_ATTEMPTS', DEFAULTS.retryAttempts, 0, 10),
  /** `MCP_UPSTREAM_RETRY_DELAY_MS`: first retry backoff (doubling, full jitter). */
  retryDelayMs: read.integer('UPSTREAM_RETRY_DELAY_MS', DEFAULTS.retryDelayMs, 1, 60_000),
  /** `MCP_UPSTREAM_TOKEN_SKEW_MS`: renew an upstream token this long before it expires. */
  tokenSkewMs: read.integer('UPSTREAM_TOKEN_SKEW_MS', DEFAULTS.tokenSkewMs, 0, 3_600_000),
  /** `MCP_UPSTREAM_EXCHANGE_CACHE`: exchanged tokens kept per upstream. */
  exchangeCacheSize: read.integer(
    'UPSTREAM_EXCHANGE_CACHE',
    DEFAULTS.exchangeCacheSize,
    1,
    1_000_000,
  ),
})) {}
