import { Injectable } from '@nestjs/common';

import { ANONYMOUS_PRINCIPAL, type Principal } from '../protocol/context/principal.js';
import type { RequestAuthenticator } from './request-authenticator.js';

/**
 * Used only when auth is off (loopback host and no issuer configured, see the Contract):
 * every request is the `anonymous` principal with no roles.
 */
@Injectable()
export class AnonymousAuthenticator implements RequestAuthenticator {
  authenticate(): Promise<Principal> {
    return Promise.resolve(ANONYMOUS_PRINCIPAL);
  }
}
