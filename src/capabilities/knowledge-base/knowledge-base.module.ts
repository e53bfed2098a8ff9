import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { SettingsModule } from '../../config/index.js';
import { KbDocumentEntity } from './documents/kb-document.entity.js';
import { KbSectionEntity } from './documents/kb-section.entity.js';
import { KbImportService } from './import/kb-import.service.js';
import { KbImportSettings } from './import/kb-import.settings.js';
import { KbSeeder } from './import/kb-seeder.js';
import { KnowledgeBaseChanges } from './knowledge-base.changes.js';
import { KbRecordEntity } from './records/kb-record.entity.js';

/** The knowledge base (README "The knowledge base"): documents, sections and records in Postgres. */
@Module({
  imports: [
    TypeOrmModule.forFeature([KbDocumentEntity, KbSectionEntity, KbRecordEntity]),
    SettingsModule.forFeature(KbImportSettings),
  ],
  providers: [KnowledgeBaseChanges, KbImportService, KbSeeder],
  exports: [KbImportService],
})
export class KnowledgeBaseModule {}
