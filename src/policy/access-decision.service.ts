import { Injectable } from '@nestjs/common';

import type { Principal } from '../protocol/context/principal.js';
import type { AccessRequirements } from '../protocol/capabilities/capability.types.js';
import type { AccessDecision, AccessTarget } from './access-decision.types.js';
import { ALLOW, HIDDEN } from './access-decision.types.js';
import { type AccessRule, AccessRuleSource } from './access-rule.source.js';

/**
 * The one access decision used by list, call, read and get (docs/architecture.md "The access
 * decision"): what an operator rule (disabled, roles, client, tenant) or the principal's roles
 * forbid it can neither see nor call; scopes are the only step-up layer. `@McpPublic` lifts role
 * and scope requirements only — operator rules still apply.
 * Pure and synchronous: it runs on the hot path, reads no database, allocates nothing when
 * it allows.
 */
@Injectable()
export class AccessDecisionService {
  /** One `insufficient_scope` decision per requirements object, built on first denial. */
  private readonly scopeDenials = new WeakMap<AccessRequirements, AccessDecision>();

  constructor(private readonly rules: AccessRuleSource) {}

  decide(principal: Principal, target: AccessTarget): AccessDecision {
    const rule = this.rules.ruleFor(target.kind, target.name);
    if (rule !== undefined && !ruleAdmits(rule, principal)) return HIDDEN;
    const requirements = target.requirements;
    if (requirements.isPublic) return ALLOW;
    if (requirements.roles.length > 0 && !hasAnyRole(principal, requirements.roles)) return HIDDEN;
    for (const scope of requirements.scopes) {
      if (!principal.scopes.has(scope)) return this.scopeDenial(requirements);
    }
    return ALLOW;
  }

  isVisible(principal: Principal, target: AccessTarget): boolean {
    return this.decide(principal, target).kind !== 'hidden';
  }

  private scopeDenial(requirements: AccessRequirements): AccessDecision {
    let denial = this.scopeDenials.get(requirements);
    if (denial === undefined) {
      // RFC 6750 §3.1: name every scope the operation needs, not only the missing ones.
      denial = Object.freeze({ kind: 'insufficient_scope', requiredScopes: requirements.scopes });
      this.scopeDenials.set(requirements, denial);
    }
    return denial;
  }
}

function ruleAdmits(rule: AccessRule, principal: Principal): boolean {
  if (rule.disabled === true) return false;
  if (rule.roles !== undefined && !holdsOneOf(principal, rule.roles)) return false;
  if (rule.allowedClients !== undefined) {
    if (principal.clientId === undefined || !rule.allowedClients.has(principal.clientId))
      return false;
  }
  if (rule.allowedTenants !== undefined) {
    if (principal.tenant === undefined || !rule.allowedTenants.has(principal.tenant)) return false;
  }
  return true;
}

function hasAnyRole(principal: Principal, roles: readonly string[]): boolean {
  for (const role of roles) if (principal.roles.includes(role)) return true;
  return false;
}

function holdsOneOf(principal: Principal, roles: ReadonlySet<string>): boolean {
  for (const role of principal.roles) if (roles.has(role)) return true;
  return false;
}
