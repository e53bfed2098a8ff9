import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import type { Principal } from '../../protocol/context/principal.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { SecurityEvents } from '../../security/security-events.service.js';
import { BearerChallenges } from '../jwt/bearer-challenges.js';
import {
  AuthenticationError,
  REQUEST_AUTHENTICATOR,
  type RequestAuthenticator,
} from '../request-authenticator.js';
import { ADMIN_ROLES_METADATA, DEFAULT_ADMIN_ROLES } from './admin-roles.decorator.js';
import { attachPrincipal } from './request-principal.js';

/**
 * Guards the admin API: a valid token (401 + `WWW-Authenticate`) AND one of the route's roles
 * (403): `@AdminRoles(...)` on the method or controller, else `admin`. Uses the same
 * authenticator as `/mcp`, so the admin API gets the same verification and token cache. With
 * auth off the anonymous principal is not authenticated, so the admin API stays closed.
 * AdminModule binds it to every admin controller (docs/security.md "Admin edge").
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(
    @Inject(REQUEST_AUTHENTICATOR) private readonly authenticator: RequestAuthenticator,
    private readonly challenges: BearerChallenges,
    private readonly events: SecurityEvents,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<IncomingMessage>();
    const principal = await this.authenticate(request, http.getResponse<ServerResponse>());
    // Before the role check, so the access line of a 403 names who was refused.
    attachPrincipal(request, principal);
    const roles = this.requiredRoles(context);
    if (!roles.some((role) => principal.roles.includes(role))) {
      const required = roles.join(' or ');
      this.events.record('access_denied', principal, `admin route without role ${required}`);
      throw new ForbiddenException(`This admin route requires role ${required}`);
    }
    return true;
  }

  private requiredRoles(context: ExecutionContext): readonly string[] {
    return (
      this.reflector.getAllAndOverride<readonly string[] | undefined>(ADMIN_ROLES_METADATA, [
        context.getHandler(),
        context.getClass(),
      ]) ?? DEFAULT_ADMIN_ROLES
    );
  }

  private async authenticate(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<Principal> {
    let principal: Principal;
    try {
      principal = await this.authenticator.authenticate(request);
    } catch (error) {
      // The issuer's key set is unreachable: the same 503 + Retry-After as on /mcp.
      if (error instanceof McpError && error.httpStatus === 503) {
        const { retryAfterSeconds } = (error.data ?? {}) as { retryAfterSeconds?: number };
        response.setHeader('Retry-After', String(retryAfterSeconds ?? 1));
        throw new ServiceUnavailableException(error.message);
      }
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
