import type { JwtPayload } from 'jsonwebtoken';

import { InvalidTokenError } from './invalid-token.error.js';

/**
 * `iat` (RFC 7519 §4.1.6), which jsonwebtoken only reads for `maxAge`: when present it must be a
 * NumericDate no later than now plus the clock skew, the tolerance `nbf` gets. A token stamped in
 * the future comes from an issuer whose clock (or signer) cannot be trusted (docs/security.md).
 */
export function assertIssuedInThePast(
  claims: JwtPayload,
  nowSeconds: number,
  clockSkewSeconds: number,
): void {
  const { iat } = claims;
  if (iat === undefined) return;
  if (typeof iat !== 'number' || !Number.isFinite(iat))
    throw new InvalidTokenError('invalidClaims', 'invalid iat');
  if (iat > nowSeconds + clockSkewSeconds)
    throw new InvalidTokenError('issuedInFuture', 'issued in the future');
}
