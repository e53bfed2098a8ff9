import type { IncomingMessage } from 'node:http';

import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { JwtPayload } from 'jsonwebtoken';
import { Strategy } from 'passport-jwt';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import type { Principal } from '../../protocol/context/principal.js';
import { ACCEPTED_JWT_ALGORITHMS, JWT_STRATEGY } from '../auth.constants.js';
import { bearerTokenFromRequest } from './bearer-token.extractor.js';
import { assertIssuedInThePast } from './issued-at.policy.js';
import { JwksKeySource } from './jwks-key.source.js';
import { principalFromClaims } from './principal-from-claims.js';

/**
 * The OAuth 2.1 resource-server check (OAuth 2.1 §5.2, RFC 9068 §4): passport-jwt takes the token
 * from the `Authorization` header, {@link JwksKeySource} enforces the header rules and picks the
 * key from the trusted JWKS, jsonwebtoken verifies the signature with the pinned algorithms, then
 * `iss` (exact), `aud`, `exp`/`nbf`; `validate` adds `iat`. All times get
 * `AUTH_CLOCK_SKEW_SECONDS` of tolerance. Runs on a plain `IncomingMessage` through
 * `runPassportStrategy`, so the `/mcp` listener and the admin guard share it.
 */
@Injectable()
export class JwtAccessTokenStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  private readonly tenantClaim: string;
  private readonly clockSkewSeconds: number;

  constructor(keySource: JwksKeySource, @Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: bearerTokenFromRequest,
      secretOrKeyProvider: (
        _request: IncomingMessage,
        token: string,
        done: (error: unknown, key?: string) => void,
      ) => {
        keySource.keyFor(token).then(
          (key) => done(null, key),
          (error: unknown) => done(error),
        );
      },
      issuer: keySource.issuer,
      audience: config.auth.audience,
      algorithms: [...ACCEPTED_JWT_ALGORITHMS],
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: config.auth.clockSkewSeconds },
    });
    this.tenantClaim = config.auth.tenantClaim;
    this.clockSkewSeconds = config.auth.clockSkewSeconds;
  }

  validate(claims: unknown): Principal {
    const principal = principalFromClaims(claims, this.tenantClaim);
    // The clock jsonwebtoken uses for `nbf`/`exp`: whole seconds of Date.now().
    const nowSeconds = Math.floor(Date.now() / 1000);
    assertIssuedInThePast(claims as JwtPayload, nowSeconds, this.clockSkewSeconds);
    return principal;
  }
}
