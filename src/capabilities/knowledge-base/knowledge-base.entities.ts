import { KbDocumentEntity } from './documents/kb-document.entity.js';
import { KbSectionEntity } from './documents/kb-section.entity.js';
import { KbRecordEntity } from './records/kb-record.entity.js';

/** The knowledge base's tables (migration CreateKnowledgeBase), for the module and the CLI. */
export const KB_ENTITIES = [KbDocumentEntity, KbSectionEntity, KbRecordEntity];
