import type { IncomingMessage } from 'node:http';

import { Injectable, Logger, Optional } from '@nestjs/common';

import type { Principal } from '../../protocol/context/principal.js';
import type { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { SecurityEvents } from '../../security/security-events.service.js';
import { runPassportStrategy } from '../passport/run-passport-strategy.js';
import { AuthenticationError, type RequestAuthenticator } from '../request-authenticator.js';
import { BearerChallenges } from './bearer-challenges.js';
import { readBearerCredentials } from './bearer-token.extractor.js';
import { InvalidTokenError } from './invalid-token.error.js';
import { JwtAccessTokenStrategy } from './jwt-access-token.strategy.js';
import { KeySetUnavailableError } from './key-set-unavailable.error.js';
import { invalidTokenFrom } from './verification-failure.js';
import { VerifiedTokenCache } from './verified-token.cache.js';
import { CallerTokens } from '../caller-tokens.js';

/**
 * Authenticates every HTTP request on its own (docs/security.md): the bearer token is read from
 * the `Authorization` header, answered from the verified-token cache when it was seen before,
 * else verified by the passport strategy. Failures become {@link AuthenticationError} with the
 * RFC 6750 challenge naming the kind of failure; the token itself is never logged.
 */
@Injectable()
export class JwtRequestAuthenticator implements RequestAuthenticator {
  private readonly logger = new Logger(JwtRequestAuthenticator.name);

  constructor(
    private readonly strategy: JwtAccessTokenStrategy,
    private readonly cache: VerifiedTokenCache,
    private readonly challenges: BearerChallenges,
    private readonly events: SecurityEvents,
    // Absent where auth is assembled without it (module specs): no exchange on a caller's behalf.
    @Optional() private readonly callerTokens?: CallerTokens,
  ) {}

  async authenticate(request: IncomingMessage): Promise<Principal> {
    const credentials = readBearerCredentials(request);
    if (credentials.kind === 'none') {
      throw new AuthenticationError('no bearer token', this.challenges.missingToken);
    }
    if (credentials.kind === 'malformed') {
      throw this.reject(new InvalidTokenError('malformed', 'malformed authorization header'));
    }

    const digest = VerifiedTokenCache.digest(credentials.token);
    const cached = this.cache.get(digest);
    if (cached !== undefined) {
      this.callerTokens?.remember(cached, credentials.token);
      return cached;
    }

    let outcome;
    try {
      outcome = await runPassportStrategy<Principal>(this.strategy, request);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw this.reject(error);
      throw error;
    }
    if (!outcome.ok) {
      if (outcome.reason instanceof KeySetUnavailableError) throw this.unavailable(outcome.reason);
      throw this.reject(invalidTokenFrom(outcome.reason));
    }
    this.cache.set(digest, outcome.user);
    this.callerTokens?.remember(outcome.user, credentials.token);
    return outcome.user;
  }

  /** The issuer is down, not the token bad: 503, logged with the cause, never cached. */
  private unavailable(error: KeySetUnavailableError): McpError {
    this.logger.warn(error.message);
    return error.toMcpError();
  }

  /** Logged and counted with the detail; the client hears the kind of failure only. */
  private reject(error: InvalidTokenError): AuthenticationError {
    this.events.record('auth_failure', undefined, error.reason);
    return new AuthenticationError(
      'invalid bearer token',
      this.challenges.invalidToken(error.failure),
    );
  }
}
