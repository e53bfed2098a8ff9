/** How every upstream client behaves (the typed `MCP_UPSTREAM_*` settings, docs/federation-client.md). */
export interface UpstreamClientOptions {
  /** Consecutive failures (transport, timeout) that open an upstream's circuit. */
  readonly breakerFailures: number;
  /** How long an open circuit refuses calls before one probe call may try the upstream. */
  readonly breakerOpenMs: number;
  /** Further attempts of a `retryable` request after a transport failure (0: none). */
  readonly retryAttempts: number;
  /** First backoff delay; each next one doubles, with full jitter. */
  readonly retryDelayMs: number;
  /** An upstream token is renewed this long before it expires. */
  readonly tokenSkewMs: number;
  /** Exchanged (RFC 8693) tokens kept per upstream, one per calling subject, least recent out. */
  readonly exchangeCacheSize: number;
}

export const DEFAULT_UPSTREAM_CLIENT_OPTIONS: UpstreamClientOptions = {
  breakerFailures: 5,
  breakerOpenMs: 30_000,
  retryAttempts: 2,
  retryDelayMs: 100,
  tokenSkewMs: 30_000,
  exchangeCacheSize: 1_000,
};
