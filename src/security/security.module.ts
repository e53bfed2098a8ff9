import { Global, Module } from '@nestjs/common';

import { IsolatedToolPools } from './isolation/isolated-tool-pools.service.js';
import { SessionStreamLimiter } from './limits/session-stream.limiter.js';
import { RateLimiter } from './rate-limit/rate-limiter.service.js';
import { tokenBucketStoreProvider } from './rate-limit/token-bucket-store.provider.js';
import { SecurityEvents } from './security-events.service.js';
import { ToolLintService } from './tool-lint/tool-lint.service.js';

/**
 * Security events, rate limits, stream caps, the tool-poisoning lint and the worker pools of
 * isolated tools, shared by every module.
 */
@Global()
@Module({
  providers: [
    SecurityEvents,
    tokenBucketStoreProvider,
    RateLimiter,
    SessionStreamLimiter,
    ToolLintService,
    IsolatedToolPools,
  ],
  exports: [SecurityEvents, RateLimiter, SessionStreamLimiter, ToolLintService, IsolatedToolPools],
})
export class SecurityModule {}
