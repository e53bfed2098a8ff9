import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { PostgresToolVersionStore } from './postgres-tool-version.store.js';
import { ServedToolVersions } from './served-tool-versions.js';
import { ToolVersionEntity } from './tool-version.entity.js';
import { ToolVersionRecorder } from './tool-version.recorder.js';
import { ToolVersionStore } from './tool-version.store.js';
import { ToolVersionStatusRepository } from './tool-version-status.repository.js';

/**
 * Provides {@link ToolVersionStore} and records the registry's tool definitions at boot.
 * Needs DatabaseModule and a provider of the abstract `CapabilityRegistry`. `forApp()` adds
 * the {@link ServedToolVersions}, which load the approval state once the recorder is done and
 * choose the served versions, and the {@link ToolVersionStatusRepository} the admin API decides
 * through; they need `ToolVersionServing` (McpDiscoveryModule), the `ToolPolicyCache` and the
 * `tool_policies` entity (`PolicyModule.forApp()`).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ToolVersionEntity])],
  providers: [
    { provide: ToolVersionStore, useClass: PostgresToolVersionStore },
    ToolVersionRecorder,
  ],
  exports: [ToolVersionStore, ToolVersionRecorder],
})
export class ToolVersionsModule {
  static forApp(): DynamicModule {
    return {
      module: ToolVersionsModule,
      providers: [ToolVersionStatusRepository, ServedToolVersions],
      exports: [ToolVersionStatusRepository, ServedToolVersions],
    };
  }
}
