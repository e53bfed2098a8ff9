import type { IncomingMessage } from 'node:http';

import { Injectable, Logger } from '@nestjs/common';

import type { Principal } from '../../mcp/context/principal.js';
import { SecurityEvents } from '../../security/security-events.service.js';
import { runPassportStrategy } from '../passport/run-passport-strategy.js';
import { AuthenticationError, type RequestAuthenticator } from '../request-authenticator.js';
import { BearerChallenges } from './bearer-challenges.js';
import { readBearerCredentials } from './bearer-token.extractor.js';
import { InvalidTokenError } from './invalid-token.error.js';
import { JwtAccessTokenStrategy } from './jwt-access-token.strategy.js';
import { VerifiedTokenCache } from './verified-token.cache.js';

/**
 * Authenticates every HTTP request on its own (security bar §0.1): the bearer token is read from
 * the `Authorization` header, answered from the verified-token cache when it was seen before,
 * else verified by the passport strategy. Failures become {@link AuthenticationError} with the
 * RFC 6750 challenge; the token itself is never logged.
 */
@Injectable()
export class JwtRequestAuthenticator implements RequestAuthenticator {
  private readonly logger = new Logger(JwtRequestAuthenticator.name);

  constructor(
    private readonly strategy: JwtAccessTokenStrategy,
    private readonly cache: VerifiedTokenCache,
    private readonly challenges: BearerChallenges,
    private readonly events: SecurityEvents,
  ) {}

  async authenticate(request: IncomingMessage): Promise<Principal> {
    const credentials = readBearerCredentials(request);
    if (credentials.kind === 'none') {
      throw new AuthenticationError('no bearer token', this.challenges.missingToken);
    }
    if (credentials.kind === 'malformed') throw this.reject('malformed authorization header');

    const digest = VerifiedTokenCache.digest(credentials.token);
    const cached = this.cache.get(digest);
    if (cached !== undefined) return cached;

    let outcome;
    try {
      outcome = await runPassportStrategy<Principal>(this.strategy, request);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw this.reject(error.reason);
      throw error;
    }
    if (!outcome.ok) throw this.reject(failureReason(outcome.reason));
    this.cache.set(digest, outcome.user);
    return outcome.user;
  }

  private reject(reason: string): AuthenticationError {
    this.events.record('auth_failure', undefined, reason);
    return new AuthenticationError('invalid bearer token', this.challenges.invalidToken);
  }
}

/** A short, token-free reason: our own codes, jsonwebtoken's messages, or the JWKS fetch error. */
function failureReason(reason: unknown): string {
  if (reason instanceof InvalidTokenError) return reason.reason;
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`.slice(0, 200);
  return 'verification failed';
}
