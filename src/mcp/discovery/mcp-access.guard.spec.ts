import 'reflect-metadata';

import { Global, Injectable, Module, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';

import { AccessDecisionService } from '../../policy/access-decision.service.js';
import { AccessRuleSource } from '../../policy/access-rule.source.js';
import { InMemoryAccessRuleSource } from '../../policy/in-memory-access-rule.source.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import type { McpHandlerContext } from '../../protocol/context/handler-context.js';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../../protocol/context/principal.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { SecurityEvents } from '../../security/security-events.service.js';
import { McpAccessDeniedError } from './mcp-access-denied.error.js';
import { McpRoles, McpScopes } from './mcp-access.decorators.js';
import { McpAccessGuard } from './mcp-access.guard.js';
import { McpCapabilitiesModule } from './mcp-capabilities.module.js';
import { McpTool } from './mcp-capability.decorators.js';
import { McpDiscoveryModule } from './mcp-discovery.module.js';

const NO_INPUT = { type: 'object', properties: {} } as const;

@UseGuards(McpAccessGuard)
@Injectable()
class ReportTools {
  @McpTool({ description: 'For operators', input: NO_INPUT })
  @McpRoles('ops')
  restart(): string {
    return 'restarted';
  }

  @McpTool({ description: 'Writes a report', input: NO_INPUT })
  @McpScopes('reports:write')
  write(): string {
    return 'written';
  }
}

/** The access decision over in-memory rules, as the app's global PolicyModule provides it. */
@Global()
@Module({
  providers: [
    InMemoryAccessRuleSource,
    { provide: AccessRuleSource, useExisting: InMemoryAccessRuleSource },
    AccessDecisionService,
    SecurityEvents,
  ],
  exports: [InMemoryAccessRuleSource, AccessDecisionService, SecurityEvents],
})
class AccessModule {}

// The guard is named only by @UseGuards: Nest builds it in the capability's module.
@Module({ imports: [McpCapabilitiesModule.forFeature()], providers: [ReportTools] })
class ReportModule {}

async function boot(): Promise<{ registry: CapabilityRegistry; rules: InMemoryAccessRuleSource }> {
  const moduleRef = await Test.createTestingModule({
    imports: [McpDiscoveryModule, AccessModule, ReportModule],
  }).compile();
  await moduleRef.init();
  return {
    registry: moduleRef.get(CapabilityRegistry),
    rules: moduleRef.get(InMemoryAccessRuleSource),
  };
}

function contextOf(principal: Partial<Principal>): McpHandlerContext {
  return {
    principal: { ...ANONYMOUS_PRINCIPAL, authenticated: true, ...principal },
    requestId: 1,
  } as unknown as McpHandlerContext;
}

describe(McpAccessGuard.name, () => {
  it('should deny a handler to a principal the access decision hides it from', async () => {
    const { registry } = await boot();
    const restart = registry.findTool('restart');
    await expect(restart?.invoke({}, contextOf({ roles: ['analyst'] }))).rejects.toBeInstanceOf(
      McpAccessDeniedError,
    );
    expect(await restart?.invoke({}, contextOf({ roles: ['ops'] }))).toEqual({
      content: [{ type: 'text', text: 'restarted' }],
    });
  });

  it('should answer a scope gap with the 403 step-up error naming the scopes', async () => {
    const { registry } = await boot();
    const write = registry.findTool('write');
    const refused = await write?.invoke({}, contextOf({})).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(McpError);
    expect(refused).toMatchObject({ data: { requiredScopes: ['reports:write'] }, httpStatus: 403 });
    const granted = contextOf({ scopes: new Set(['reports:write']) });
    expect(await write?.invoke({}, granted)).toEqual({
      content: [{ type: 'text', text: 'written' }],
    });
  });

  it("should apply the operators' rule of the capability it guards", async () => {
    const { registry, rules } = await boot();
    rules.setRule('tool', 'write', { disabled: true });
    const granted = contextOf({ scopes: new Set(['reports:write']) });
    await expect(registry.findTool('write')?.invoke({}, granted)).rejects.toBeInstanceOf(
      McpAccessDeniedError,
    );
  });
});
