import type { IncomingMessage } from 'node:http';

import type { Principal } from '../protocol/context/principal.js';

/**
 * Turns an HTTP request into a principal. Every request is authenticated on its own, session or not
 * (spec security best practices "Session hijacking"). Throws {@link AuthenticationError} to reject.
 */
export interface RequestAuthenticator {
  authenticate(request: IncomingMessage): Promise<Principal>;
}

/** DI token of the active {@link RequestAuthenticator}. */
export const REQUEST_AUTHENTICATOR = Symbol('REQUEST_AUTHENTICATOR');

/**
 * 401: missing or invalid credentials. `challenge` is the complete `WWW-Authenticate` value
 * (RFC 6750 §3, with `resource_metadata` per RFC 9728 §5.1).
 */
export class AuthenticationError extends Error {
  constructor(
    message: string,
    readonly challenge: string,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}
