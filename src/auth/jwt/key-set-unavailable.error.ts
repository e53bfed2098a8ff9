import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';

/** How long a client waits before retrying, about the remote key set's fetch timeout. */
const RETRY_AFTER_SECONDS = 5;

/**
 * The issuer's key set could not be fetched or read (network error, timeout, not a JWKS). The
 * token may be perfectly valid, so this is the server's fault, not the client's: a 401 would
 * make every client drop its token and re-authenticate at the issuer that is already down.
 * Answered 503 with `Retry-After` (RFC 9110 §15.6.4) instead; docs/security.md "A real
 * identity provider".
 */
export class KeySetUnavailableError extends Error {
  constructor(readonly detail: string) {
    super(`the issuer's key set is unavailable: ${detail}`);
    this.name = 'KeySetUnavailableError';
  }

  toMcpError(): McpError {
    return new McpError(
      JsonRpcErrorCode.Unavailable,
      'Service Unavailable: the token issuer cannot be reached',
      { retryAfterSeconds: RETRY_AFTER_SECONDS },
      503,
    );
  }
}
