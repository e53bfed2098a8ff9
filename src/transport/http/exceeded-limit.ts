import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { HttpRejection } from './http-rejections.js';

/** `data` fields naming the bound a JSON-RPC error refused the request for. */
const LIMIT_FIELDS = ['maxBytes', 'maxDepth', 'maxKeys', 'maxSessions', 'maxStreams'] as const;

/**
 * The hard limit a rejection enforced (`maxDepth=16`), or `undefined` when the error is not a
 * limit hit. Limit hits are security events: a client probing the bounds shows up
 * in the logs and in `mcp_security_events_total{type="limit_exceeded"}`.
 */
export function exceededLimit(error: unknown): string | undefined {
  const data =
    error instanceof HttpRejection
      ? error.data
      : error instanceof McpError
        ? error.data
        : undefined;
  if (typeof data !== 'object' || data === null) return undefined;
  for (const field of LIMIT_FIELDS) {
    const value: unknown = (data as Record<string, unknown>)[field];
    if (value !== undefined) return `${field}=${JSON.stringify(value)}`;
  }
  return undefined;
}
