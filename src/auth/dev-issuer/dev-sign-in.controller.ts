import {
  Controller,
  ForbiddenException,
  Get,
  Header,
  Headers,
  HttpCode,
  Inject,
  Post,
} from '@nestjs/common';

import { type AppConfig, isLoopbackHost } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { devIssuerUrl } from '../protected-resource/protected-resource-urls.js';
import { DEV_ISSUER_KEY } from '../auth.constants.js';
import type { DevIssuerKey } from './dev-issuer-key.store.js';
import { mintDevToken } from './dev-token.minter.js';

/** Who the one-click sign-in makes you: an admin who may also decide queued calls. */
export const DEV_SIGN_IN = {
  subject: 'dev-admin',
  roles: ['admin', 'approver'],
  ttlSeconds: 3600,
} as const;

export interface DevSignInOffer {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly ttlSeconds: number;
}

export interface DevSignInToken extends DevSignInOffer {
  readonly accessToken: string;
}

/**
 * The dashboard's one-click development sign-in (README "The admin dashboard"): mints the token
 * `npm run token -- --sub dev-admin --roles admin,approver` would print. AuthModule registers it
 * only with `AUTH_DEV_ISSUER=true` on a loopback `HOST`, and it answers only requests whose
 * `Host` is a loopback name, so a page of another site that rebinds its DNS name to 127.0.0.1
 * gets nothing (the DNS-rebinding attack of docs/security.md).
 */
@Controller('auth/dev/sign-in')
export class DevSignInController {
  constructor(
    @Inject(DEV_ISSUER_KEY) private readonly key: DevIssuerKey,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  offer(@Headers('host') host: string | undefined): DevSignInOffer {
    requireLoopback(host);
    return { ...DEV_SIGN_IN };
  }

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async signIn(@Headers('host') host: string | undefined): Promise<DevSignInToken> {
    requireLoopback(host);
    const accessToken = await mintDevToken(
      this.key,
      {
        issuer: devIssuerUrl(this.config),
        audience: this.config.auth.audience,
        tenantClaim: this.config.auth.tenantClaim,
      },
      {
        subject: DEV_SIGN_IN.subject,
        roles: DEV_SIGN_IN.roles,
        scopes: [],
        clientId: undefined,
        tenant: undefined,
        ttlSeconds: DEV_SIGN_IN.ttlSeconds,
      },
    );
    return { ...DEV_SIGN_IN, accessToken };
  }
}

function requireLoopback(host: string | undefined): void {
  const name = host === undefined ? '' : new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, '');
  if (!isLoopbackHost(name)) {
    throw new ForbiddenException('The development sign-in answers only on a loopback host name');
  }
}
