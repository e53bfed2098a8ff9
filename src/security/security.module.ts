import { Global, Module } from '@nestjs/common';

import { RateLimiter } from './rate-limit/rate-limiter.service.js';
import { tokenBucketStoreProvider } from './rate-limit/token-bucket-store.provider.js';
import { SecurityEvents } from './security-events.service.js';
import { ToolLintService } from './tool-lint/tool-lint.service.js';

/** Security events, rate limits and the tool-poisoning lint, shared by every module. */
@Global()
@Module({
  providers: [SecurityEvents, tokenBucketStoreProvider, RateLimiter, ToolLintService],
  exports: [SecurityEvents, RateLimiter, ToolLintService],
})
export class SecurityModule {}
