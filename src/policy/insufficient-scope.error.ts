/**
 * A visible capability needs scopes the token lacks: the transport answers 403 with
 * `WWW-Authenticate: Bearer error="insufficient_scope", scope="…"` (RFC 6750 §3.1) so the
 * client can ask for them (step-up). Thrown by {@link McpAccessGuard}.
 */
export class InsufficientScopeError extends Error {
  constructor(readonly requiredScopes: readonly string[]) {
    super(`insufficient scope: requires ${requiredScopes.join(' ')}`);
    this.name = 'InsufficientScopeError';
  }
}
