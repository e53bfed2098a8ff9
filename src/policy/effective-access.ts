import type { AccessRequirements } from '../protocol/capabilities/capability.types.js';
import type { AccessPolicy } from './access-policy.js';

/**
 * What the one access decision (AccessDecisionService) requires of a principal for one
 * capability, the code's requirements and the operators' policy combined, for people to read.
 */
export interface EffectiveAccess {
  /** `false`: nobody sees or uses it. */
  readonly enabled: boolean;
  /**
   * A principal needs one role of every list: the code's `@McpRoles`, then the policy's `roles`
   * (an empty policy list admits nobody). No list: no role needed.
   */
  readonly roles: readonly (readonly string[])[];
  /** Scopes the token must all carry (`@McpScopes`); without them 403 `insufficient_scope`. */
  readonly scopes: readonly string[];
  /** `null`: any client, any tenant. */
  readonly allowedClients: readonly string[] | null;
  readonly allowedTenants: readonly string[] | null;
}

/** `@McpPublic` lifts the code's roles and scopes, never the policy. */
const LIFTED: AccessRequirements = { roles: [], scopes: [], isPublic: true };

/**
 * The {@link EffectiveAccess} of a capability whose code declares `declared` (`undefined`: the
 * code no longer declares it) under `policy`. Mirrors AccessDecisionService.decide: the policy
 * narrows what the code allows and never widens it.
 */
export function effectiveAccessOf(
  declared: AccessRequirements | undefined,
  policy: AccessPolicy,
): EffectiveAccess {
  const code = declared === undefined || declared.isPublic ? LIFTED : declared;
  return {
    enabled: policy.enabled,
    roles: [
      ...(code.roles.length === 0 ? [] : [code.roles]),
      ...(policy.roles === null ? [] : [policy.roles]),
    ],
    scopes: code.scopes,
    allowedClients: policy.allowedClients,
    allowedTenants: policy.allowedTenants,
  };
}
