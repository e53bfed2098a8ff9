import type { IncomingMessage } from 'node:http';

/** `Bearer` + b64token (RFC 6750 §2.1); the scheme is case-insensitive (RFC 9110 §11.1). */
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const SCHEME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?: |$)/;

export type BearerCredentials =
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'token'; readonly token: string };

const NONE: BearerCredentials = Object.freeze({ kind: 'none' });
const MALFORMED: BearerCredentials = Object.freeze({ kind: 'malformed' });

/**
 * Reads the bearer token from the `Authorization` header only: tokens in the query string or
 * body are never looked at (OAuth 2.1 §5.1.1 forbids the query form). Another scheme (e.g.
 * `Basic`) counts as no bearer credentials; a `Bearer` header that is not a single b64token,
 * or a header that is not a credential at all, is malformed.
 */
export function readBearerCredentials(request: IncomingMessage): BearerCredentials {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return NONE;
  const match = BEARER.exec(header);
  if (match?.[1] !== undefined) return { kind: 'token', token: match[1] };
  if (/^bearer(?: |$)/i.test(header) || !SCHEME.test(header)) return MALFORMED;
  return NONE;
}

/** passport-jwt's `jwtFromRequest`: the token, or `null` when there is none usable. */
export function bearerTokenFromRequest(request: IncomingMessage): string | null {
  const credentials = readBearerCredentials(request);
  return credentials.kind === 'token' ? credentials.token : null;
}
