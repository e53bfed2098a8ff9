import { InvalidTokenError } from './invalid-token.error.js';
import type { TokenFailure } from './token-failure.js';

/** Message prefixes of jsonwebtoken 9's `JsonWebTokenError` (its `verify.js`), in its order. */
const JSON_WEB_TOKEN_ERRORS: readonly (readonly [prefix: string, failure: TokenFailure])[] = [
  ['jwt malformed', 'malformed'],
  ['invalid token', 'malformed'],
  ['jwt signature is required', 'badSignature'],
  ['invalid signature', 'badSignature'],
  ['invalid nbf value', 'invalidClaims'],
  ['invalid exp value', 'invalidClaims'],
  ['jwt audience invalid', 'wrongAudience'],
  ['jwt issuer invalid', 'wrongIssuer'],
];

/**
 * Names what passport-jwt's `fail` carried: one of our own {@link InvalidTokenError}s, a
 * jsonwebtoken error, or anything else (a JWKS fetch that failed), which the client only hears
 * of as `unverifiable`. The log detail is the error's name and message, which never hold the token.
 */
export function invalidTokenFrom(reason: unknown): InvalidTokenError {
  if (reason instanceof InvalidTokenError) return reason;
  if (!(reason instanceof Error)) {
    return new InvalidTokenError('unverifiable', 'verification failed');
  }
  const detail = `${reason.name}: ${reason.message}`.slice(0, 200);
  return new InvalidTokenError(failureOf(reason), detail);
}

function failureOf(error: Error): TokenFailure {
  if (error.name === 'TokenExpiredError') return 'expired';
  if (error.name === 'NotBeforeError') return 'notYetValid';
  if (error.name === 'JsonWebTokenError') {
    const known = JSON_WEB_TOKEN_ERRORS.find(([prefix]) => error.message.startsWith(prefix));
    if (known !== undefined) return known[1];
  }
  return 'unverifiable';
}
