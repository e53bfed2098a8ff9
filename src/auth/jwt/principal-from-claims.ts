import type { JwtPayload } from 'jsonwebtoken';

import type { Principal } from '../../protocol/context/principal.js';
import { InvalidTokenError } from './invalid-token.error.js';

/**
 * Maps verified claims to a {@link Principal} (docs/security.md): roles from `roles`
 * (strings only), scopes = `scope` (space separated, RFC 8693 §4.2) ∪ `scp` (string or array),
 * client = `azp` ?? `client_id` (RFC 9068 §2.2), tenant from the configured claim.
 * `sub` and a numeric `exp` are required (RFC 9068 §2.2; jsonwebtoken only checks `exp` when
 * present).
 */
export function principalFromClaims(claims: unknown, tenantClaim: string): Principal {
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new InvalidTokenError('malformed', 'payload is not a JSON object');
  }
  const payload = claims as JwtPayload;
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new InvalidTokenError('invalidClaims', 'missing sub');
  }
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) {
    throw new InvalidTokenError('invalidClaims', 'missing exp');
  }
  return {
    subject: payload.sub,
    roles: Object.freeze(stringsOf(payload.roles)),
    scopes: scopesOf(payload.scope, payload.scp),
    clientId: stringOrUndefined(payload.azp) ?? stringOrUndefined(payload.client_id),
    tenant: stringOrUndefined(
      Object.hasOwn(payload, tenantClaim) ? payload[tenantClaim] : undefined,
    ),
    authenticated: true,
    expiresAt: payload.exp,
  };
}

function scopesOf(scope: unknown, scp: unknown): ReadonlySet<string> {
  const scopes = new Set<string>();
  if (typeof scope === 'string') addSpaceSeparated(scopes, scope);
  if (typeof scp === 'string') addSpaceSeparated(scopes, scp);
  for (const item of stringsOf(scp)) scopes.add(item);
  return scopes;
}

function addSpaceSeparated(into: Set<string>, value: string): void {
  for (const item of value.split(' ')) if (item !== '') into.add(item);
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
