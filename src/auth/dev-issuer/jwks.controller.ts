import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { JSONWebKeySet } from 'jose';

import { DEV_ISSUER_KEY } from '../auth.constants.js';
import type { DevIssuerKey } from './dev-issuer-key.store.js';

/** Public keys of the development issuer (`AUTH_DEV_ISSUER=true`), RFC 7517 §5. */
@Controller('.well-known')
export class JwksController {
  constructor(@Inject(DEV_ISSUER_KEY) private readonly key: DevIssuerKey) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Access-Control-Allow-Origin', '*')
  jwks(): JSONWebKeySet {
    return this.key.jwks;
  }
}
