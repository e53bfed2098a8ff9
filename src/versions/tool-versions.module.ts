import { type DynamicModule, Global, Module } from '@nestjs/common';

import { ToolRateLimitSource } from '../policy/tool-rate-limit.source.js';
import { ToolTimeoutSource } from '../policy/tool-timeout.source.js';
import { PolicyToolRateLimits } from '../policy/policy-tool-rate-limits.js';
import { PolicyToolTimeouts } from '../policy/policy-tool-timeouts.js';
import { PostgresToolVersionStore } from './postgres-tool-version.store.js';
import { ToolVersionRecorder } from './tool-version.recorder.js';
import { ToolVersionStore } from './tool-version.store.js';

/**
 * Provides {@link ToolVersionStore} and records the registry's tool definitions at boot.
 * Needs DatabaseModule and a provider of the abstract `CapabilityRegistry`. The
 * `EffectiveToolRegistry` (a part of the access rule source, `PolicyModule.withRuleSource` in
 * the AppModule) loads the approval state once the recorder is done; `forApp()` adds the policy's
 * tool timeouts and rate limits, which read it.
 */
@Global()
@Module({
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
      providers: [
        { provide: ToolTimeoutSource, useClass: PolicyToolTimeouts },
        { provide: ToolRateLimitSource, useClass: PolicyToolRateLimits },
      ],
      exports: [ToolTimeoutSource, ToolRateLimitSource],
    };
  }
}
