import type { DataSource, EntityManager } from 'typeorm';

import { adminChangeRow } from '../../../audit/admin-change.row.js';
import { appendToAuditChainIn } from '../../../audit/audit-chain.writer.js';
import type { Principal } from '../../../protocol/context/principal.js';
import { KbDocumentEntity } from '../documents/kb-document.entity.js';
import { refreshSearchIndex } from '../search/search-index-refresh.js';
import { splitDocument } from './document-split.js';
import { writeDocument } from './document-writer.js';
import { assertValidImport } from './import-input.js';
import type { KbImportReport, KbImportRequest } from './kb-import.types.js';
import { writeRecords } from './records-writer.js';

/** Runs `work` in a transaction: one of its own by default, or the caller's (the seed). */
export type Transactor = <T>(work: (manager: EntityManager) => Promise<T>) => Promise<T>;

/** Who imports, and through what: `admin-api`, `cli` or `system` (the seed at start). */
export interface ImportActor {
  readonly principal: Principal;
  readonly transport: 'admin-api' | 'cli' | 'system';
}

export interface ImportOptions {
  /** Called after each document, e.g. for the CLI's progress line. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The caller's transaction; the caller then runs {@link refreshSearchIndex} after its commit. */
  readonly transaction?: Transactor;
}

/** How many document ids the audit row lists; the counts are always complete. */
const AUDITED_IDS = 100;

/**
 * Imports documents and records (README "The knowledge base"). Checks all input first, then
 * writes each document in a transaction of its own (a large import neither holds one long
 * transaction nor loses the documents already written when a later one fails), then, in one
 * last transaction, the prune, the records and the `admin.change` audit row of the import
 * (docs/architecture.md "The audit contract"): who, the paths and the counts. When sections
 * changed, the search index is refreshed after the commit.
 */
export class KbImporter {
  constructor(private readonly dataSource: DataSource) {}

  async run(
    request: KbImportRequest,
    actor: ImportActor,
    options: ImportOptions = {},
  ): Promise<KbImportReport> {
    assertValidImport(request);
    const transaction =
      options.transaction ??
      (<T>(work: (manager: EntityManager) => Promise<T>) => this.dataSource.transaction(work));
    const who = actor.principal.subject;
    const docs = request.documents.map(({ source, content }) => splitDocument(source, content));
    const addedIds: string[] = [];
    const changedIds: string[] = [];
    let sections = 0;
    for (const [index, doc] of docs.entries()) {
      const outcome = await transaction((manager) => writeDocument(manager, doc, who));
      if (outcome !== 'unchanged') {
        changedIds.push(doc.id);
        sections += doc.sections.length;
      }
      if (outcome === 'added') addedIds.push(doc.id);
      options.onProgress?.(index + 1, docs.length);
    }
    const report = await transaction(async (manager) => {
      const removedIds =
        request.keepSources === undefined ? [] : await pruneDocuments(manager, request.keepSources);
      const changedRecordIds = await writeRecords(manager, request.records ?? [], who);
      const report: KbImportReport = {
        imported: changedIds.length,
        sections,
        unchanged: docs.length - changedIds.length,
        removed: removedIds.length,
        addedIds,
        changedIds,
        removedIds,
        records: {
          written: changedRecordIds.length,
          unchanged: (request.records?.length ?? 0) - changedRecordIds.length,
        },
        changedRecordIds,
      };
      await appendToAuditChainIn(manager, [auditRow(actor, request, report)]);
      return report;
    });
    if (options.transaction === undefined && report.sections + report.removed > 0) {
      await refreshSearchIndex(this.dataSource);
    }
    return report;
  }
}

async function pruneDocuments(manager: EntityManager, keep: readonly string[]): Promise<string[]> {
  const result = await manager
    .createQueryBuilder()
    .delete()
    .from(KbDocumentEntity)
    .where('NOT (source = ANY(:keep))', { keep })
    .returning('id')
    .execute();
  return (result.raw as { id: string }[]).map((row) => row.id);
}

function auditRow(actor: ImportActor, request: KbImportRequest, report: KbImportReport) {
  const row = adminChangeRow(actor.principal, 'kb.import', request.paths.join(' '), null, {
    paths: request.paths,
    prune: request.keepSources !== undefined,
    imported: report.imported,
    sections: report.sections,
    unchanged: report.unchanged,
    removed: report.removed,
    records: report.records,
    changedIds: report.changedIds.slice(0, AUDITED_IDS),
    removedIds: report.removedIds.slice(0, AUDITED_IDS),
  });
  // The server's own change (the seed) is a registry change, as definitions recorded at boot are.
  const event = actor.transport === 'system' ? 'registry.change' : row.event;
  return { ...row, event, transport: actor.transport };
}
