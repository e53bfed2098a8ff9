import type { AppConfig } from '../../config/app-config.js';
import type { Principal } from '../../protocol/context/principal.js';

/**
 * The principal of a stdio process: the operating-system user who started it, with the roles
 * of `MCP_STDIO_ROLES` and the scopes of `MCP_STDIO_SCOPES`. stdio takes its credentials from the environment, not from OAuth
 * (transports §stdio; authorization §Applicability), so it is authenticated by construction.
 */
export function stdioPrincipal(auth: AppConfig['auth']): Principal {
  return Object.freeze({
    subject: auth.stdioSubject,
    roles: Object.freeze([...auth.stdioRoles]),
    scopes: new Set(auth.stdioScopes),
    clientId: undefined,
    tenant: undefined,
    authenticated: true,
    expiresAt: undefined,
  });
}
