/** Kinds of security event; the metrics module exposes their counters. */
export type SecurityEventType =
  | 'auth_failure'
  | 'access_denied'
  | 'rate_limited'
  | 'tool_lint'
  | 'limit_exceeded'
  | 'duplicate_header';
