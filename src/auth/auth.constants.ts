/** Name under which the access-token strategy is registered with passport. */
export const JWT_STRATEGY = 'mcp-jwt';

/**
 * Signature algorithms we accept (RFC 8725 §3.1: an explicit allow-list, asymmetric only, so
 * `none` and HS* can never be chosen by the token). jose's JWKS selection additionally pins each
 * algorithm to a key of the matching type (`RSA` for RS/PS, `EC` P-256 for ES256) and to the
 * key's own `alg` when the JWKS states one. EdDSA is absent on purpose: passport-jwt verifies
 * with jsonwebtoken 9, which has no EdDSA support.
 */
export const ACCEPTED_JWT_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;

/** `typ` values accepted when the header carries one (RFC 9068 §4, RFC 7519 §5.1). */
export const ACCEPTED_JWT_TYPES: ReadonlySet<string> = new Set([
  'at+jwt',
  'application/at+jwt',
  'jwt',
]);

/** Role that may use the admin API (docs/architecture.md "The admin edge"). */
export const ADMIN_ROLE = 'admin';

/** DI token of the development issuer's {@link DevIssuerKey} (present when `AUTH_DEV_ISSUER=true`). */
export const DEV_ISSUER_KEY = Symbol('DEV_ISSUER_KEY');
