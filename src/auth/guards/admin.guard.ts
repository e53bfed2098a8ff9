import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';

import type { Principal } from '../../protocol/context/principal.js';
import { SecurityEvents } from '../../security/security-events.service.js';
import { ADMIN_ROLE } from '../auth.constants.js';
import { BearerChallenges } from '../jwt/bearer-challenges.js';
import {
  AuthenticationError,
  REQUEST_AUTHENTICATOR,
  type RequestAuthenticator,
} from '../request-authenticator.js';
import { attachPrincipal } from './request-principal.js';

/**
 * Guards the admin API: a valid token (401 + `WWW-Authenticate`) AND role `admin` (403). Uses the
 * same authenticator as `/mcp`, so the admin API gets the same verification and token cache.
 * With auth off the anonymous principal is not authenticated, so the admin API stays closed.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(
    @Inject(REQUEST_AUTHENTICATOR) private readonly authenticator: RequestAuthenticator,
    private readonly challenges: BearerChallenges,
    private readonly events: SecurityEvents,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<IncomingMessage>();
    const principal = await this.authenticate(request, http.getResponse<ServerResponse>());
    // Before the role check, so the access line of a 403 names who was refused.
    attachPrincipal(request, principal);
    if (!principal.roles.includes(ADMIN_ROLE)) {
      this.events.record('access_denied', principal, 'admin API without role admin');
      throw new ForbiddenException('The admin API requires the admin role');
    }
    return true;
  }

  private async authenticate(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<Principal> {
    let principal: Principal;
    try {
      principal = await this.authenticator.authenticate(request);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      response.setHeader('WWW-Authenticate', error.challenge);
      throw new UnauthorizedException('A valid bearer token is required');
    }
    if (!principal.authenticated) {
      response.setHeader('WWW-Authenticate', this.challenges.missingToken);
      throw new UnauthorizedException('A valid bearer token is required');
    }
    return principal;
  }
}
