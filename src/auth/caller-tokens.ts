import { Injectable } from '@nestjs/common';

import type { Principal } from '../protocol/context/principal.js';

/**
 * The raw bearer token each authenticated principal came with, for the one use that needs it: the
 * subject token of an RFC 8693 exchange made on the caller's behalf for a federated upstream
 * (docs/federation.md "Credentials"). Keyed by the principal object the authenticator returned
 * (the verified-token cache hands out one per token), held weakly, never logged nor forwarded.
 */
@Injectable()
export class CallerTokens {
  private readonly tokens = new WeakMap<Principal, string>();

  remember(principal: Principal, token: string): void {
    this.tokens.set(principal, token);
  }

  tokenOf(principal: Principal): string | undefined {
    return this.tokens.get(principal);
  }
}
