import { createLocalJWKSet, createRemoteJWKSet } from 'jose';
import type { FactoryProvider } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { DEV_ISSUER_KEY } from '../auth.constants.js';
import type { DevIssuerKey } from '../dev-issuer/dev-issuer-key.store.js';
import { devIssuerUrl } from '../protected-resource/protected-resource-urls.js';
import { JwksKeySource } from './jwks-key.source.js';

/**
 * Remote JWKS fetch bounds (jose's defaults, made explicit: docs/security.md "Limits"): 5 s
 * timeout, at most one refetch per 30 s on an unknown `kid`, keys re-read after 10 minutes.
 */
const REMOTE_JWKS_OPTIONS = {
  timeoutDuration: 5_000,
  cooldownDuration: 30_000,
  cacheMaxAge: 600_000,
} as const;

/**
 * `AUTH_ISSUER` with keys from `AUTH_JWKS_URI`; else the development issuer, whose JWKS is
 * read in-process (no HTTP round trip to ourselves). One issuer only (RFC 8725 §3.8).
 */
export const jwksKeySourceProvider: FactoryProvider<JwksKeySource> = {
  provide: JwksKeySource,
  inject: [APP_CONFIG, { token: DEV_ISSUER_KEY, optional: true }],
  useFactory: (config: AppConfig, devKey: DevIssuerKey | undefined) => {
    const { issuer, jwksUri } = config.auth;
    if (issuer !== undefined && jwksUri !== undefined) {
      return new JwksKeySource(issuer, createRemoteJWKSet(new URL(jwksUri), REMOTE_JWKS_OPTIONS));
    }
    if (devKey === undefined) {
      throw new Error('auth is required but neither AUTH_ISSUER nor AUTH_DEV_ISSUER is configured');
    }
    return new JwksKeySource(devIssuerUrl(config), createLocalJWKSet(devKey.jwks));
  },
};
