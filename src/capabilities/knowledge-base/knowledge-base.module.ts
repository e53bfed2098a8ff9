import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { SettingsModule } from '../../config/index.js';
import { McpCapabilitiesModule } from '../../mcp/discovery/index.js';
import { KbDocumentsReader } from './documents/kb-documents.reader.js';
import { KbImportService } from './import/kb-import.service.js';
import { KbImportSettings } from './import/kb-import.settings.js';
import { KbSeeder } from './import/kb-seeder.js';
import { KnowledgeBaseChanges } from './knowledge-base.changes.js';
import { KB_ENTITIES } from './knowledge-base.entities.js';
import { KnowledgeBaseEditorSkills, KnowledgeBaseSkills } from './knowledge-base.skills.js';
import { KbPrompts } from './prompts/kb.prompts.js';
import { KbRecordsService } from './records/kb-records.service.js';
import { KbResources } from './resources/kb.resources.js';
import { KbSearchService } from './search/kb-search.service.js';
import { KbRecordsTools } from './tools/kb-records.tools.js';
import { KbSearchTools } from './tools/kb-search.tools.js';
import { KbSummarizeTool } from './tools/kb-summarize.tool.js';

/** The knowledge base (README "The knowledge base"): documents, sections and records in Postgres. */
@Module({
  imports: [
    TypeOrmModule.forFeature(KB_ENTITIES),
    SettingsModule.forFeature(KbImportSettings),
    McpCapabilitiesModule.forFeature(),
  ],
  providers: [
    KnowledgeBaseChanges,
    KbImportService,
    KbSeeder,
    KbSearchService,
    KbDocumentsReader,
    KbRecordsService,
    KbSearchTools,
    KbSummarizeTool,
    KbRecordsTools,
    KbResources,
    KbPrompts,
    KnowledgeBaseSkills,
    KnowledgeBaseEditorSkills,
  ],
  exports: [KbImportService],
})
export class KnowledgeBaseModule {}
