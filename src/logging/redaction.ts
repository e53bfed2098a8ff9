/** Keys whose values never reach a log line, at any of the first three nesting levels. */
const SECRET_KEYS = [
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'secret',
  'clientSecret',
  'client_secret',
  'password',
  'apiKey',
  'api_key',
];

/** Credential-bearing HTTP headers (pino-http logs `req.headers` and `res.headers`). */
const HEADER_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/**
 * pino `redact` paths (fast-redact syntax: no recursive wildcard, so each depth is listed).
 * Redaction is compiled once when the logger is built.
 */
export const REDACT_PATHS: readonly string[] = [
  ...HEADER_PATHS,
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

export const REDACT_CENSOR = '[redacted]';
