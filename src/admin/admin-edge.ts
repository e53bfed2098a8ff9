import type { Type } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants.js';

import { AdminGuard } from '../auth/guards/admin.guard.js';

/**
 * The admin edge denies by default (docs/security.md "Admin edge"): AdminModule declares its
 * controllers through this function, which binds AdminGuard to each, first of its guards, so
 * no other guard runs before the caller is authenticated. A new admin controller is guarded
 * without a decorator of its own, so there is none to forget; a route that needs another role
 * says so with `@AdminRoles`, and nothing opens a route.
 *
 * Not a global guard (`APP_GUARD`): Nest has no module-scoped guards, and a global one also
 * runs on every MCP tool call (handlers are wrapped with the same guard chain), the hot path.
 * Not an `@AdminController()` decorator: it would have to be remembered. A route under
 * `/admin/api` declared outside AdminModule makes the server refuse to start (AdminEdgeCheck).
 */
export function behindAdminGuard(...controllers: Type[]): Type[] {
  for (const controller of controllers) {
    if (!bindsAdminGuard(controller)) {
      Reflect.defineMetadata(GUARDS_METADATA, [AdminGuard, ...guardsOf(controller)], controller);
    }
  }
  return controllers;
}

/** Whether AdminGuard is bound to `target`, a controller class or one of its handlers. */
export function bindsAdminGuard(target: object): boolean {
  return guardsOf(target).includes(AdminGuard);
}

function guardsOf(target: object): readonly unknown[] {
  return (Reflect.getMetadata(GUARDS_METADATA, target) as unknown[] | undefined) ?? [];
}
