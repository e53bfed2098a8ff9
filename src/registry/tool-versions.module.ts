import { Global, Module } from '@nestjs/common';

import { PostgresToolVersionStore } from './postgres-tool-version.store.js';
import { ToolVersionStore } from './tool-version.store.js';

/**
 * Provides {@link ToolVersionStore}. The `EffectiveToolRegistry`, which records the declared
 * definitions through it at boot and keeps the policy view current, is provided as the access
 * rule source (`PolicyModule.withRuleSource` in the AppModule). Needs DatabaseModule.
 */
@Global()
@Module({
  providers: [{ provide: ToolVersionStore, useClass: PostgresToolVersionStore }],
  exports: [ToolVersionStore],
})
export class ToolVersionsModule {}
