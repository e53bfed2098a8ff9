import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { PromptVersionEntity } from './prompt-version.entity.js';
import { PromptVersionRecorder } from './prompt-version.recorder.js';
import { PromptVersionStore } from './prompt-version.store.js';

/**
 * Records the declared prompt definitions in `prompt_versions` at boot. Needs the global
 * DataSource (DatabaseModule) and a provider of the abstract `CapabilityRegistry`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([PromptVersionEntity])],
  providers: [PromptVersionStore, PromptVersionRecorder],
  // The federation records its upstreams' prompts here too (docs/federation.md "Versions").
  exports: [PromptVersionStore],
})
export class PromptVersionsModule {}
