import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { AccessDecisionService } from '../../policy/access-decision.service.js';
import type { AccessTarget, CapabilityKind } from '../../policy/access-decision.types.js';
import { InsufficientScopeError } from '../../policy/insufficient-scope.error.js';
import type { AccessRequirements } from '../../protocol/capabilities/capability.types.js';
import { SecurityEvents } from '../../security/security-events.service.js';
import { getMcpHandlerContext, isMcpExecutionContext } from './mcp-execution-context.js';
import {
  MCP_PROMPT_METADATA,
  MCP_PUBLIC_METADATA,
  MCP_RESOURCE_METADATA,
  MCP_RESOURCE_TEMPLATE_METADATA,
  MCP_ROLES_METADATA,
  MCP_SCOPES_METADATA,
  MCP_TOOL_METADATA,
} from './mcp-metadata.constants.js';

/** Decorator metadata key → capability kind, and the option naming the capability. */
const KINDS: readonly [string, CapabilityKind, string][] = [
  [MCP_TOOL_METADATA, 'tool', 'name'],
  [MCP_RESOURCE_METADATA, 'resource', 'uri'],
  [MCP_RESOURCE_TEMPLATE_METADATA, 'resource-template', 'uriTemplate'],
  [MCP_PROMPT_METADATA, 'prompt', 'name'],
];

/**
 * Per-capability guard for MCP handlers (`@UseGuards(McpAccessGuard)` on a class or method):
 * reads `@McpRoles`/`@McpScopes`/`@McpPublic` handler-first and asks the same
 * {@link AccessDecisionService} as list and call. A hidden capability returns `false` (the
 * dispatcher answers as for a nonexistent one); a scope gap throws {@link InsufficientScopeError}.
 * The target is built once per handler. Outside MCP (HTTP, RPC) it does not apply. Nest builds
 * it in the module of the capability that names it, from the global access decision and
 * security events, so no module needs to provide it.
 */
@Injectable()
export class McpAccessGuard implements CanActivate {
  private readonly targets = new WeakMap<object, AccessTarget>();

  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessDecisionService,
    private readonly events: SecurityEvents,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (!isMcpExecutionContext(context)) return true;
    const target = this.targetOf(context);
    const { principal } = getMcpHandlerContext(context);
    const decision = this.access.decide(principal, target);
    if (decision.kind === 'allow') return true;
    this.events.record(
      'access_denied',
      principal,
      `${target.kind} ${target.name}: ${decision.kind}`,
    );
    if (decision.kind === 'insufficient_scope') {
      throw new InsufficientScopeError(decision.requiredScopes);
    }
    return false;
  }

  private targetOf(context: ExecutionContext): AccessTarget {
    const handler = context.getHandler();
    let target = this.targets.get(handler);
    if (target === undefined) {
      target = this.buildTarget(context);
      this.targets.set(handler, target);
    }
    return target;
  }

  private buildTarget(context: ExecutionContext): AccessTarget {
    const handler = context.getHandler();
    const scopes = [handler, context.getClass()];
    const requirements: AccessRequirements = {
      roles:
        this.reflector.getAllAndOverride<string[] | undefined>(MCP_ROLES_METADATA, scopes) ?? [],
      scopes:
        this.reflector.getAllAndOverride<string[] | undefined>(MCP_SCOPES_METADATA, scopes) ?? [],
      isPublic:
        this.reflector.getAllAndOverride<boolean | undefined>(MCP_PUBLIC_METADATA, scopes) === true,
    };
    for (const [key, kind, nameOption] of KINDS) {
      const options = this.reflector.get<Record<string, unknown> | undefined>(key, handler);
      if (options === undefined) continue;
      const name = options[nameOption];
      return { kind, name: typeof name === 'string' ? name : handler.name, requirements };
    }
    // A completion handler has no capability metadata: its roles and scopes still apply, and
    // an operator rule can only match (and so restrict) a tool of the same name.
    return { kind: 'tool', name: handler.name, requirements };
  }
}
