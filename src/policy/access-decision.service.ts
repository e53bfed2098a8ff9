import { Injectable } from '@nestjs/common';

import type { Principal } from '../mcp/context/principal.js';
import type { AccessDecision, AccessTarget } from './access-decision.types.js';
import { ALLOW, HIDDEN } from './access-decision.types.js';

/**
 * The one access decision used by list, call, read and get (ARCHITECTURE "Rules"): what a
 * principal's roles forbid it can neither see nor call; scopes are the only step-up layer.
 * Pure and synchronous: it runs on the hot path and reads no database.
 */
@Injectable()
export class AccessDecisionService {
  decide(principal: Principal, target: AccessTarget): AccessDecision {
    const { roles, scopes, isPublic } = target.requirements;
    if (isPublic) return ALLOW;
    if (roles.length > 0 && !roles.some((role) => principal.roles.includes(role))) return HIDDEN;
    if (scopes.length === 0) return ALLOW;
    const missing = scopes.filter((scope) => !principal.scopes.has(scope));
    return missing.length === 0 ? ALLOW : { kind: 'insufficient_scope', requiredScopes: scopes };
  }

  isVisible(principal: Principal, target: AccessTarget): boolean {
    return this.decide(principal, target).kind !== 'hidden';
  }
}
