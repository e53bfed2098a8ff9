/**
 * Why a bearer token was refused, in the words a client developer is told (RFC 6750 §3
 * `error_description`). Descriptions name the kind of failure and, for `aud` and `iss`, the value
 * expected, which the RFC 9728 metadata publishes anyway; never anything read from the token.
 */
export const TOKEN_FAILURES = [
  'malformed',
  'unsupported',
  'unknownKey',
  'badSignature',
  'expired',
  'notYetValid',
  'issuedInFuture',
  'wrongAudience',
  'wrongIssuer',
  'invalidClaims',
  'unverifiable',
] as const;

export type TokenFailure = (typeof TOKEN_FAILURES)[number];

/** What this resource server requires of `aud` and `iss`. */
export interface ExpectedClaims {
  readonly audience: string;
  /** `undefined` when no issuer is trusted (auth off). */
  readonly issuer: string | undefined;
}

export function describeTokenFailure(failure: TokenFailure, expected: ExpectedClaims): string {
  switch (failure) {
    case 'malformed':
      return 'malformed token';
    case 'unsupported':
      return 'unsupported token header (alg, typ or crit)';
    case 'unknownKey':
      return 'unknown signing key (kid)';
    case 'badSignature':
      return 'bad signature';
    case 'expired':
      return 'token expired';
    case 'notYetValid':
      return 'token not yet valid (nbf)';
    case 'issuedInFuture':
      return 'token issued in the future (iat)';
    case 'wrongAudience':
      return `wrong audience (aud), expected ${expected.audience}`;
    case 'wrongIssuer':
      return expected.issuer === undefined
        ? 'wrong issuer (iss)'
        : `wrong issuer (iss), expected ${expected.issuer}`;
    case 'invalidClaims':
      return 'missing or invalid claim (sub, exp, iat)';
    case 'unverifiable':
      return 'token could not be verified';
  }
}
