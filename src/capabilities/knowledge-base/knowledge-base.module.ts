import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { KbDocumentEntity } from './documents/kb-document.entity.js';
import { KbSectionEntity } from './documents/kb-section.entity.js';
import { KnowledgeBaseChanges } from './knowledge-base.changes.js';
import { KbRecordEntity } from './records/kb-record.entity.js';

/** The knowledge base (README "The knowledge base"): documents, sections and records in Postgres. */
@Module({
  imports: [TypeOrmModule.forFeature([KbDocumentEntity, KbSectionEntity, KbRecordEntity])],
  providers: [KnowledgeBaseChanges],
})
export class KnowledgeBaseModule {}
