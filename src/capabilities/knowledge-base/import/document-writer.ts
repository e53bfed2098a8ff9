import type { EntityManager } from 'typeorm';

import { toArrayLiteral } from '../../../persistence/postgres-text.js';
import { KbDocumentEntity } from '../documents/kb-document.entity.js';
import { KbSectionEntity } from '../documents/kb-section.entity.js';
import type { SplitDocument } from './document-split.js';

export type DocumentWrite = 'added' | 'changed' | 'unchanged';

/**
 * Writes one split document inside the caller's transaction: row-locks the stored one, skips
 * it when its content hash is the same, else upserts the document (`revision` + 1) and
 * replaces its sections. The upsert's `revision + 1` and the sections' one statement, one array
 * per column whatever their number (see the audit batch in src/audit), are beyond the query
 * builder, so they are SQL on the transaction's query runner.
 */
export async function writeDocument(
  manager: EntityManager,
  doc: SplitDocument,
  importedBy: string,
): Promise<DocumentWrite> {
  const before = await manager
    .createQueryBuilder(KbDocumentEntity, 'd')
    .select(['d.contentHash', 'd.source'])
    .where('d.id = :id', { id: doc.id })
    .setLock('pessimistic_write')
    .getOne();
  if (before !== null && before.source !== doc.source) {
    throw new Error(`${doc.source}: document id ${doc.id} is taken by ${before.source}`);
  }
  if (before?.contentHash === doc.contentHash) return 'unchanged';
  await manager.query(
    `INSERT INTO kb_documents
       (id, source, title, tags, content_hash, section_count, word_count, imported_by)
     VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, tags = EXCLUDED.tags,
       content_hash = EXCLUDED.content_hash, section_count = EXCLUDED.section_count,
       word_count = EXCLUDED.word_count, imported_by = EXCLUDED.imported_by,
       revision = kb_documents.revision + 1, updated_at = now()`,
    [
      doc.id,
      doc.source,
      doc.title,
      toArrayLiteral(doc.tags),
      doc.contentHash,
      doc.sections.length,
      doc.wordCount,
      importedBy,
    ],
  );
  // Even for a document that was new when locked: a concurrent import of the same new file may
  // have committed it, and its sections, while the upsert above waited for it.
  await manager.delete(KbSectionEntity, { docId: doc.id });
  const column = <T extends string | number>(pick: (s: SplitDocument['sections'][number]) => T) =>
    toArrayLiteral(doc.sections.map(pick));
  // Heading paths travel as JSON arrays: `unnest` would flatten a two-dimensional text[].
  await manager.query(
    `INSERT INTO kb_sections (doc_id, id, position, title, heading, heading_path, body, word_count)
     SELECT $1, s.id, s.position, $2, s.heading,
            ARRAY(SELECT jsonb_array_elements_text(s.path)), s.body, s.words
       FROM unnest($3::text[], $4::integer[], $5::text[], $6::jsonb[], $7::text[], $8::integer[])
         AS s(id, position, heading, path, body, words)`,
    [
      doc.id,
      doc.title,
      column((s) => s.id),
      column((s) => s.position),
      column((s) => s.heading),
      column((s) => JSON.stringify(s.headingPath)),
      column((s) => s.body),
      column((s) => s.wordCount),
    ],
  );
  return before === null ? 'added' : 'changed';
}
