import type { AccessRule } from './access-rule.source.js';

/**
 * The operators' policy of one tool (`tool_policies`). `null` lists mean "no restriction";
 * `approvalRequired` `null` follows `MCP_TOOL_APPROVAL`. `revision` 0 is the default policy of
 * a tool nobody configured yet (no row).
 */
export interface ToolPolicy {
  readonly name: string;
  readonly enabled: boolean;
  readonly roles: readonly string[] | null;
  readonly allowedClients: readonly string[] | null;
  readonly allowedTenants: readonly string[] | null;
  readonly rateLimitPerMinute: number | null;
  readonly timeoutMs: number | null;
  readonly approvalRequired: boolean | null;
  /** Version served instead of the latest approved one (rollback). */
  readonly pinnedVersion: string | null;
  readonly revision: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

/** The fields an admin may change (PATCH semantics: absent = unchanged). */
export type ToolPolicyChanges = Partial<
  Pick<
    ToolPolicy,
    | 'enabled'
    | 'roles'
    | 'allowedClients'
    | 'allowedTenants'
    | 'rateLimitPerMinute'
    | 'timeoutMs'
    | 'approvalRequired'
    | 'pinnedVersion'
  >
>;

export function defaultToolPolicy(name: string): ToolPolicy {
  return {
    name,
    enabled: true,
    roles: null,
    allowedClients: null,
    allowedTenants: null,
    rateLimitPerMinute: null,
    timeoutMs: null,
    approvalRequired: null,
    pinnedVersion: null,
    revision: 0,
    updatedAt: null,
    updatedBy: null,
  };
}

/** The access rule the policy imposes, or `undefined` when it restricts nothing. */
export function accessRuleOf(policy: ToolPolicy): AccessRule | undefined {
  const rule: AccessRule = {
    ...(policy.enabled ? {} : { disabled: true }),
    ...(policy.roles === null ? {} : { roles: new Set(policy.roles) }),
    ...(policy.allowedClients === null ? {} : { allowedClients: new Set(policy.allowedClients) }),
    ...(policy.allowedTenants === null ? {} : { allowedTenants: new Set(policy.allowedTenants) }),
  };
  return Object.keys(rule).length === 0 ? undefined : Object.freeze(rule);
}
