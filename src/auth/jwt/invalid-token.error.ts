import type { TokenFailure } from './token-failure.js';

/**
 * A token failed verification. `failure` is what the client is told (`error_description`, RFC
 * 6750 §3); `reason` is a short, token-free detail for logs and security events only.
 */
export class InvalidTokenError extends Error {
  constructor(
    readonly failure: TokenFailure,
    readonly reason: string,
  ) {
    super(`invalid access token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}
