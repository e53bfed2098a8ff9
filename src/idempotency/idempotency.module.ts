import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { SettingsModule } from '../config/index.js';
import { IdempotencyService } from './idempotency.service.js';
import { IdempotencySettings } from './idempotency.settings.js';
import { ToolCallResultEntity } from './tool-call-result.entity.js';
import { ToolCallResultsStore } from './tool-call-results.store.js';

/**
 * Idempotent retries of `tools/call` (docs/approvals.md "Idempotent retries"): the
 * `tool_call_results` table and the {@link IdempotencyService} the tool-call runner uses for
 * calls that carry a key. Needs DatabaseModule and EventsModule (global).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([ToolCallResultEntity]),
    SettingsModule.forFeature(IdempotencySettings),
  ],
  providers: [ToolCallResultsStore, IdempotencyService],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
