import { JsonRpcErrorCode } from '../protocol/json-rpc/json-rpc-error-codes.js';
import { McpError } from '../protocol/json-rpc/mcp-error.js';

/**
 * A visible capability needs scopes the token lacks: the transport answers 403 with
 * `WWW-Authenticate: Bearer error="insufficient_scope", scope="…"` (RFC 6750 §3.1) so the
 * client can ask for them (step-up). Thrown by the engine's access checks (CapabilityAccess,
 * McpAccessGuard).
 */
export class InsufficientScopeError extends Error {
  constructor(readonly requiredScopes: readonly string[]) {
    super(`insufficient scope: requires ${requiredScopes.join(' ')}`);
    this.name = 'InsufficientScopeError';
  }

  /**
   * The protocol answer: -32005 with `data.requiredScopes` and HTTP status 403, from which the
   * HTTP transport builds the challenge (docs/architecture.md "The access decision": scopes are the step-up layer).
   */
  toMcpError(): McpError {
    return new McpError(
      JsonRpcErrorCode.Unauthorized,
      'Insufficient scope',
      { requiredScopes: this.requiredScopes },
      403,
    );
  }
}
