import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import type { RateLimitDecision } from './rate-limit.types.js';

/**
 * The answer to a refused request: HTTP 429 with `Retry-After` = `data.retryAfterSeconds`
 * (RFC 6585 §4, RFC 9110 §10.2.3; the transport's `ErrorStatusMapper` sets the header), or the
 * same JSON-RPC error as an event when the response is already an SSE stream.
 */
export function rateLimitedError(decision: RateLimitDecision): McpError {
  return new McpError(
    JsonRpcErrorCode.RateLimited,
    'Rate limit exceeded',
    { retryAfterSeconds: decision.retryAfterSeconds },
    429,
  );
}

/** Throws {@link rateLimitedError} for a refusal; resolves (or returns) nothing otherwise. */
export function assertAllowed(
  decision: RateLimitDecision | Promise<RateLimitDecision>,
): void | Promise<void> {
  if (decision instanceof Promise) return decision.then(assertAllowed);
  if (!decision.allowed) throw rateLimitedError(decision);
}
