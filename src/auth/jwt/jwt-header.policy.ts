import type { ProtectedHeaderParameters } from 'jose';

import { ACCEPTED_JWT_ALGORITHMS, ACCEPTED_JWT_TYPES } from '../auth.constants.js';
import { InvalidTokenError } from './invalid-token.error.js';

const ALGORITHMS: ReadonlySet<string> = new Set(ACCEPTED_JWT_ALGORITHMS);

/**
 * Header rules checked before any key is looked up (RFC 8725 §3.1, §3.11; RFC 9068 §4).
 * `jku`, `x5u`, `jwk` and `x5c` are never read: keys come only from the configured JWKS, and
 * `kid` is only a lookup key into that in-memory set.
 */
export function assertAcceptableHeader(header: ProtectedHeaderParameters): void {
  if (typeof header.alg !== 'string' || !ALGORITHMS.has(header.alg)) {
    throw new InvalidTokenError('unsupported', 'algorithm not allowed');
  }
  if (header.typ !== undefined && !ACCEPTED_JWT_TYPES.has(String(header.typ).toLowerCase())) {
    throw new InvalidTokenError('unsupported', 'unexpected typ');
  }
  // RFC 7515 §4.1.11: we implement no JWS extension, so any `crit` entry must be refused.
  if (header.crit !== undefined) {
    throw new InvalidTokenError('unsupported', 'unsupported crit header');
  }
  if (header.kid !== undefined && typeof header.kid !== 'string') {
    throw new InvalidTokenError('malformed', 'kid is not a string');
  }
}
