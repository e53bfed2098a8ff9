import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { JsonSchemaCompiler } from '../schema/json-schema.compiler.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import { ToolVersionServing } from '../../protocol/capabilities/tool-version-serving.js';
import { DynamicCapabilityServing } from '../../protocol/capabilities/dynamic-capabilities.js';
import { McpCapabilityExplorer } from './mcp-capability.explorer.js';
import { McpCapabilityFactory } from './mcp-capability.factory.js';
import { McpCapabilityRegistryService } from './mcp-capability-registry.service.js';
import { McpHandlerFactory } from './mcp-handler.factory.js';
import { McpToolFactory } from './mcp-tool.factory.js';

/**
 * Capability discovery: import once (in the AppModule). Global so the dispatcher, the admin API
 * and the tool versions can inject `CapabilityRegistry` and `ToolVersionServing` anywhere, the
 * federation `DynamicCapabilityServing` and the `JsonSchemaCompiler` its upstream schemas need.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    JsonSchemaCompiler,
    McpHandlerFactory,
    McpToolFactory,
    McpCapabilityFactory,
    McpCapabilityRegistryService,
    { provide: CapabilityRegistry, useExisting: McpCapabilityRegistryService },
    { provide: ToolVersionServing, useExisting: McpCapabilityRegistryService },
    { provide: DynamicCapabilityServing, useExisting: McpCapabilityRegistryService },
    McpCapabilityExplorer,
  ],
  exports: [CapabilityRegistry, ToolVersionServing, DynamicCapabilityServing, JsonSchemaCompiler],
})
export class McpDiscoveryModule {}
