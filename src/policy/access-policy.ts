import type { AccessRule } from './access-rule.source.js';

/**
 * Who may see and use one capability, as operators set it (`tool_policies` for tools,
 * `capability_policies` for prompts, resources and resource templates). `null` lists mean
 * "no restriction"; a restriction hides the capability exactly like a nonexistent one
 * (AccessDecisionService).
 */
export interface AccessPolicy {
  readonly enabled: boolean;
  readonly roles: readonly string[] | null;
  readonly allowedClients: readonly string[] | null;
  readonly allowedTenants: readonly string[] | null;
}

/** What an admin may change of an {@link AccessPolicy} (PATCH semantics: absent = unchanged). */
export type AccessPolicyChanges = Partial<AccessPolicy>;

/**
 * The optimistic-concurrency token and authorship of a stored policy. `revision` 0 is the
 * default policy of a capability nobody configured yet (no row).
 */
export interface PolicyRevision {
  readonly revision: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

/** The policy of a capability no operator touched: open to whoever its code admits. */
export const DEFAULT_ACCESS_POLICY: AccessPolicy & PolicyRevision = Object.freeze({
  enabled: true,
  roles: null,
  allowedClients: null,
  allowedTenants: null,
  revision: 0,
  updatedAt: null,
  updatedBy: null,
});

/** The access rule the policy imposes, or `undefined` when it restricts nothing. */
export function accessRuleOf(policy: AccessPolicy): AccessRule | undefined {
  const rule: AccessRule = {
    ...(policy.enabled ? {} : { disabled: true }),
    ...(policy.roles === null ? {} : { roles: new Set(policy.roles) }),
    ...(policy.allowedClients === null ? {} : { allowedClients: new Set(policy.allowedClients) }),
    ...(policy.allowedTenants === null ? {} : { allowedTenants: new Set(policy.allowedTenants) }),
  };
  return Object.keys(rule).length === 0 ? undefined : Object.freeze(rule);
}
