import type { KnowledgeBaseChanges } from '../knowledge-base.changes.js';
import type { KbImportReport } from './kb-import.types.js';

/**
 * After an import committed: `resources/updated` for every changed or removed document and
 * record, and `resources/list_changed` when documents came or went (docs/architecture.md
 * "Multi-instance").
 */
export async function announceImport(
  changes: KnowledgeBaseChanges,
  report: KbImportReport,
): Promise<void> {
  const listChanged = report.addedIds.length > 0 || report.removedIds.length > 0;
  await changes.documentsChanged([...report.changedIds, ...report.removedIds], listChanged);
  for (const id of report.changedRecordIds) await changes.recordChanged(id);
}
