import type { Principal } from '../../protocol/context/principal.js';

/**
 * The admin of a guarded route. AdminGuard always attaches one before a handler runs, so its
 * absence is a wiring fault, reported as a server error rather than acting anonymously.
 */
export function requireAdmin(principal: Principal | undefined): Principal {
  if (principal === undefined) throw new Error('admin route reached without AdminGuard');
  return principal;
}
