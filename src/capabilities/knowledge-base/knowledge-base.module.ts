import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { SettingsModule } from '../../config/index.js';
import { KbImportService } from './import/kb-import.service.js';
import { KbImportSettings } from './import/kb-import.settings.js';
import { KbSeeder } from './import/kb-seeder.js';
import { KnowledgeBaseChanges } from './knowledge-base.changes.js';
import { KB_ENTITIES } from './knowledge-base.entities.js';

/** The knowledge base (README "The knowledge base"): documents, sections and records in Postgres. */
@Module({
  imports: [TypeOrmModule.forFeature(KB_ENTITIES), SettingsModule.forFeature(KbImportSettings)],
  providers: [KnowledgeBaseChanges, KbImportService, KbSeeder],
  exports: [KbImportService],
})
export class KnowledgeBaseModule {}
