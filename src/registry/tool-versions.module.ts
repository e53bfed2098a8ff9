import { Global, Module } from '@nestjs/common';

import { EffectiveToolRegistry } from './effective-tool-registry.js';
import { PostgresToolVersionStore } from './postgres-tool-version.store.js';
import { ToolVersionStore } from './tool-version.store.js';

/**
 * Provides {@link ToolVersionStore} and the {@link EffectiveToolRegistry}, which records the
 * registry's tool definitions at boot and keeps the policy view current. Needs DatabaseModule,
 * EventsModule and McpDiscoveryModule; the AppModule makes the effective registry the access
 * rule source (`PolicyModule.withRuleSource`).
 */
@Global()
@Module({
  providers: [{ provide: ToolVersionStore, useClass: PostgresToolVersionStore }],
  exports: [ToolVersionStore],
})
export class ToolVersionsModule {}
