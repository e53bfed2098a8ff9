import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { McpCapabilitiesModule } from '../../mcp/discovery/index.js';
import { KbDocumentEntity } from './documents/kb-document.entity.js';
import { KbDocumentsReader } from './documents/kb-documents.reader.js';
import { KbSectionEntity } from './documents/kb-section.entity.js';
import { KnowledgeBaseChanges } from './knowledge-base.changes.js';
import { KbPrompts } from './prompts/kb.prompts.js';
import { KbRecordEntity } from './records/kb-record.entity.js';
import { KbRecordsService } from './records/kb-records.service.js';
import { KbResources } from './resources/kb.resources.js';
import { KbSearchService } from './search/kb-search.service.js';
import { KbRecordsTools } from './tools/kb-records.tools.js';
import { KbSearchTools } from './tools/kb-search.tools.js';
import { KbSummarizeTool } from './tools/kb-summarize.tool.js';

/** The knowledge base (README "The knowledge base"): documents, sections and records in Postgres. */
@Module({
  imports: [
    TypeOrmModule.forFeature([KbDocumentEntity, KbSectionEntity, KbRecordEntity]),
    McpCapabilitiesModule.forFeature(),
  ],
  providers: [
    KnowledgeBaseChanges,
    KbSearchService,
    KbDocumentsReader,
    KbRecordsService,
    KbSearchTools,
    KbSummarizeTool,
    KbRecordsTools,
    KbResources,
    KbPrompts,
  ],
})
export class KnowledgeBaseModule {}
