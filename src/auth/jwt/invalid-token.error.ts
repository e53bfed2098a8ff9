/**
 * A token failed verification. `reason` is a short code for logs and security events; it never
 * reaches the client, which only sees `error="invalid_token"` (RFC 6750 §3.1).
 */
export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`invalid access token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}
