import type { Reflector } from '@nestjs/core';

import type { AccessRequirements } from '../../protocol/capabilities/capability.types.js';
import {
  MCP_PUBLIC_METADATA,
  MCP_ROLES_METADATA,
  MCP_SCOPES_METADATA,
} from './mcp-metadata.constants.js';

const NONE: readonly string[] = Object.freeze([]);

/** Reads `@McpRoles`/`@McpScopes`/`@McpPublic` of a handler, the method overriding the class. */
export function readAccessRequirements(
  reflector: Reflector,
  classRef: abstract new (...args: never[]) => unknown,
  handler: (...args: never[]) => unknown,
): AccessRequirements {
  const targets = [handler, classRef];
  return Object.freeze({
    roles:
      reflector.getAllAndOverride<readonly string[] | undefined>(MCP_ROLES_METADATA, targets) ??
      NONE,
    scopes:
      reflector.getAllAndOverride<readonly string[] | undefined>(MCP_SCOPES_METADATA, targets) ??
      NONE,
    isPublic:
      reflector.getAllAndOverride<boolean | undefined>(MCP_PUBLIC_METADATA, targets) === true,
  });
}
