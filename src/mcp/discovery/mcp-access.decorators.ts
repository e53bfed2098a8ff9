import { SetMetadata } from '@nestjs/common';

import { checkNames } from './mcp-decorator-options.validator.js';
import {
  MCP_PUBLIC_METADATA,
  MCP_ROLES_METADATA,
  MCP_SCOPES_METADATA,
} from './mcp-metadata.constants.js';

/*
 * Access metadata, on a capability class or method; the method wins (read with
 * `Reflector.getAllAndOverride(key, [handler, class])`). The same requirements decide whether a
 * principal sees a capability in lists and whether it may use it (one access decision).
 */

/**
 * The principal needs at least one of `roles`; without it the capability is hidden (answered
 * as nonexistent). A capability with no role decorator is open to every authenticated principal.
 */
export function McpRoles(...roles: string[]): ClassDecorator & MethodDecorator {
  checkNames('@McpRoles', 'role', roles);
  return SetMetadata(MCP_ROLES_METADATA, Object.freeze([...roles]));
}

/**
 * The token needs every one of `scopes`. A visible capability whose scope is missing answers
 * 403 `insufficient_scope` naming them (RFC 6750 §3.1), so the client can step up.
 */
export function McpScopes(...scopes: string[]): ClassDecorator & MethodDecorator {
  checkNames('@McpScopes', 'scope', scopes);
  return SetMetadata(MCP_SCOPES_METADATA, Object.freeze([...scopes]));
}

/** No role or scope requirement applies (it still needs a principal when auth is on). */
export function McpPublic(): ClassDecorator & MethodDecorator {
  return SetMetadata(MCP_PUBLIC_METADATA, true);
}
