import type { AccessRequirements } from '../../protocol/capabilities/capability.types.js';

/** The access decorators on a capability's handler, as the admin API shows them. */
export interface DeclaredAccessView {
  /** `@McpRoles`: a caller needs one of them. */
  readonly roles: readonly string[];
  /** `@McpScopes`: the token needs all of them. */
  readonly scopes: readonly string[];
  /** `@McpPublic`: the roles and scopes above are lifted (the policy still applies). */
  readonly public: boolean;
}

export function declaredAccessView({
  roles,
  scopes,
  isPublic,
}: AccessRequirements): DeclaredAccessView {
  return { roles, scopes, public: isPublic };
}
