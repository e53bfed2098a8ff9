import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';

import { type AppConfig, isLoopbackHost } from '../config/app-config.js';
import { SecurityModule } from '../security/security.module.js';
import { CallerTokens } from './caller-tokens.js';
import { AnonymousAuthenticator } from './anonymous-authenticator.js';
import { DEV_ISSUER_KEY } from './auth.constants.js';
import { DashboardSignInController } from './dashboard-sign-in/dashboard-sign-in.controller.js';
import { DashboardSignIn } from './dashboard-sign-in/dashboard-sign-in.service.js';
import { loadOrCreateDevIssuerKey } from './dev-issuer/dev-issuer-key.store.js';
import { DevSignInController } from './dev-issuer/dev-sign-in.controller.js';
import { JwksController } from './dev-issuer/jwks.controller.js';
import { AdminGuard } from './guards/admin.guard.js';
import { BearerChallenges } from './jwt/bearer-challenges.js';
import { jwksKeySourceProvider } from './jwt/jwks-key-source.provider.js';
import { JwtAccessTokenStrategy } from './jwt/jwt-access-token.strategy.js';
import { JwtRequestAuthenticator } from './jwt/jwt-request.authenticator.js';
import { VerifiedTokenCache } from './jwt/verified-token.cache.js';
import { ProtectedResourceMetadataController } from './protected-resource/protected-resource-metadata.controller.js';
import { REQUEST_AUTHENTICATOR } from './request-authenticator.js';

/**
 * Authentication for every transport and the admin API. `config` decides the shape at import
 * time: with auth required, JWT verification (plus the development issuer and its JWKS when
 * `AUTH_DEV_ISSUER=true`), the RFC 9728 metadata and, with `MCP_DASHBOARD_CLIENT_ID`, the
 * dashboard's sign-in through the issuer; with auth off (loopback only), the
 * anonymous principal. The HTTP server warns about that when it starts (src/server.ts): stdio
 * takes its principal from the environment and never authenticates.
 */
@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    const providers: Provider[] = [BearerChallenges, AdminGuard, DashboardSignIn, CallerTokens];
    // Always there, so the dashboard learns whether it may offer the issuer without a 404.
    const controllers: Type[] = [DashboardSignInController];
    if (config.auth.devIssuer) {
      providers.push({
        provide: DEV_ISSUER_KEY,
        useFactory: () => loadOrCreateDevIssuerKey(config.database.dataDir),
      });
      controllers.push(JwksController);
      // The dashboard's one-click sign-in: development on this machine only.
      // (DashboardSignIn.devSignInServed states the same condition to the sign-in page.)
      if (isLoopbackHost(config.http.host)) controllers.push(DevSignInController);
    }
    if (config.auth.required) {
      providers.push(
        jwksKeySourceProvider,
        { provide: VerifiedTokenCache, useFactory: () => new VerifiedTokenCache() },
        JwtAccessTokenStrategy,
        { provide: REQUEST_AUTHENTICATOR, useClass: JwtRequestAuthenticator },
      );
      controllers.push(ProtectedResourceMetadataController);
    } else {
      providers.push({ provide: REQUEST_AUTHENTICATOR, useClass: AnonymousAuthenticator });
    }
    return {
      module: AuthModule,
      global: true,
      imports: [SecurityModule],
      controllers,
      providers,
      exports: [REQUEST_AUTHENTICATOR, BearerChallenges, AdminGuard, CallerTokens],
    };
  }
}
