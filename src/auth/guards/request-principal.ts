import type { IncomingMessage } from 'node:http';

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import type { Principal } from '../../protocol/context/principal.js';

const principals = new WeakMap<IncomingMessage, Principal>();

/** Remembers the principal a guard authenticated, without adding properties to the request. */
export function attachPrincipal(request: IncomingMessage, principal: Principal): void {
  principals.set(request, principal);
}

/** The principal attached by {@link AdminGuard}, or `undefined` on an unguarded route. */
export function principalOf(request: IncomingMessage): Principal | undefined {
  return principals.get(request);
}

/** Controller parameter: the authenticated principal of a guarded admin route. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    principalOf(context.switchToHttp().getRequest<IncomingMessage>()),
);
