import { SetMetadata } from '@nestjs/common';

import { ADMIN_ROLE } from '../auth.constants.js';

/** Metadata key of {@link AdminRoles}. */
export const ADMIN_ROLES_METADATA = 'admin:roles';

/** What an admin route admits when it declares nothing: role `admin` (docs/security.md "Admin edge"). */
export const DEFAULT_ADMIN_ROLES: readonly string[] = Object.freeze([ADMIN_ROLE]);

/**
 * The roles an admin route (method) or controller (class) admits instead of `admin`: the
 * principal needs one of them, e.g. `@AdminRoles('approver')` for the call approvals. The method
 * wins over the class. At least one role is required, so no declaration can open a route.
 */
export function AdminRoles(role: string, ...more: string[]): ClassDecorator & MethodDecorator {
  const roles = [role, ...more];
  if (roles.some((name) => name.trim() === '')) {
    throw new Error(`@AdminRoles: empty role name in ${JSON.stringify(roles)}`);
  }
  return SetMetadata(ADMIN_ROLES_METADATA, Object.freeze(roles));
}
