import { Module } from '@nestjs/common';

import { SettingsModule } from '../config/index.js';
import { RetentionScheduler } from './retention.scheduler.js';
import { RetentionSettings } from './retention.settings.js';

/**
 * Data lifecycle (docs/data-lifecycle.md): the retention scheduler. Needs the global database,
 * config and metrics modules; it names the tables it prunes in `prune-jobs.ts`.
 */
@Module({
  imports: [SettingsModule.forFeature(RetentionSettings)],
  providers: [RetentionScheduler],
  exports: [RetentionScheduler],
})
export class RetentionModule {}
