import type { CapabilityKind } from './access-decision.types.js';

/**
 * Operator restrictions on one capability, on top of its code-declared roles and scopes.
 * `undefined` sets mean "no restriction".
 */
export interface AccessRule {
  /** Switched off by an operator: nobody may see or use it. */
  readonly disabled?: boolean;
  /** Only principals holding one of these roles (on top of the code-declared roles). */
  readonly roles?: ReadonlySet<string>;
  /** Only these OAuth clients (`azp`/`client_id`) may see and use it. */
  readonly allowedClients?: ReadonlySet<string>;
  /** Only principals of these tenants may see and use it. */
  readonly allowedTenants?: ReadonlySet<string>;
}

/**
 * Where per-capability rules come from: in memory by default, from `tool_policies` and
 * `capability_policies` in the app (EffectiveAccessRules). Read synchronously on the hot path,
 * so a DB-backed source must serve from its own cache (refreshed by LISTEN/NOTIFY), never
 * query per call. Abstract class = DI token.
 */
export abstract class AccessRuleSource {
  abstract ruleFor(kind: CapabilityKind, name: string): AccessRule | undefined;
}
