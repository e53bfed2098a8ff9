import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import {
  protectedResourceMetadataUrl,
  trustedIssuer,
} from '../protected-resource/protected-resource-urls.js';
import { quotedString } from './quoted-string.js';
import { describeTokenFailure, TOKEN_FAILURES, type TokenFailure } from './token-failure.js';

/**
 * `WWW-Authenticate` values (RFC 6750 §3 with RFC 9728 §5.1 `resource_metadata`), built once:
 * a refused token costs no string building. Transports use `insufficientScope` for the 403
 * step-up answer (docs/security.md).
 */
@Injectable()
export class BearerChallenges {
  /** No (usable) credentials: no `error` attribute (RFC 6750 §3.1). */
  readonly missingToken: string;
  private readonly invalidTokens: Readonly<Record<TokenFailure, string>>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const metadataUrl = protectedResourceMetadataUrl(config);
    this.missingToken = `Bearer resource_metadata=${quotedString(metadataUrl)}`;
    const expected = { audience: config.auth.audience, issuer: trustedIssuer(config) };
    this.invalidTokens = Object.fromEntries(
      TOKEN_FAILURES.map((failure) => [
        failure,
        `${this.missingToken}, error="invalid_token", ` +
          `error_description=${quotedString(describeTokenFailure(failure, expected))}`,
      ]),
    ) as Record<TokenFailure, string>;
  }

  /** RFC 6750 §3.1 `invalid_token`, with an `error_description` saying why. */
  invalidToken(failure: TokenFailure): string {
    return this.invalidTokens[failure];
  }

  insufficientScope(requiredScopes: readonly string[]): string {
    const scope = quotedString(requiredScopes.join(' '));
    return `${this.missingToken}, error="insufficient_scope", scope=${scope}`;
  }
}
