import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { protectedResourceMetadataUrl } from '../protected-resource/protected-resource-urls.js';

/**
 * `WWW-Authenticate` values (RFC 6750 §3 with RFC 9728 §5.1 `resource_metadata`), built once.
 * Transports use `insufficientScope` for the 403 step-up answer (security bar §0.2).
 */
@Injectable()
export class BearerChallenges {
  /** No (usable) credentials: no `error` attribute (RFC 6750 §3.1). */
  readonly missingToken: string;
  readonly invalidToken: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const metadata = `resource_metadata="${protectedResourceMetadataUrl(config)}"`;
    this.missingToken = `Bearer ${metadata}`;
    this.invalidToken = `Bearer ${metadata}, error="invalid_token"`;
  }

  insufficientScope(requiredScopes: readonly string[]): string {
    return `${this.missingToken}, error="insufficient_scope", scope="${requiredScopes.join(' ')}"`;
  }
}
