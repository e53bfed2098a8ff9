import { Global, Module } from '@nestjs/common';

import { PostgresToolVersionStore } from './postgres-tool-version.store.js';
import { ToolVersionRecorder } from './tool-version.recorder.js';
import { ToolVersionStore } from './tool-version.store.js';

/**
 * Provides {@link ToolVersionStore} and records the registry's tool definitions at boot.
 * Needs DatabaseModule and a provider of the abstract `CapabilityRegistry`.
 */
@Global()
@Module({
  providers: [
    { provide: ToolVersionStore, useClass: PostgresToolVersionStore },
    ToolVersionRecorder,
  ],
  exports: [ToolVersionStore],
})
export class ToolVersionsModule {}
