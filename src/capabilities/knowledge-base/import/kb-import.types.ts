import type { JsonObject } from '../../../protocol/json-rpc/json-rpc.types.js';

/** One file to import: its source (the path as `kb:import` names it) and its text. */
export interface ImportFile {
  readonly source: string;
  readonly content: string;
}

/** A record as `records.json` holds it. */
export interface RecordInput {
  readonly id: string;
  readonly type: string;
  readonly fields: JsonObject;
}

/** One import: what it writes and, for the audit row, what the operator named. */
export interface KbImportRequest {
  readonly documents: readonly ImportFile[];
  /**
   * With `--prune`: every source found by the import. Documents whose source is not among them
   * are deleted, so the knowledge base mirrors the folders given. Absent: nothing is deleted.
   */
  readonly keepSources?: readonly string[];
  readonly records?: readonly RecordInput[];
  /** The folder and file arguments, as given (audit). */
  readonly paths: readonly string[];
}

export interface KbImportReport {
  /** Documents written (new or changed), their sections, and skipped unchanged ones. */
  readonly imported: number;
  readonly sections: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Ids of documents new to the knowledge base (a subset of `changedIds`). */
  readonly addedIds: readonly string[];
  readonly changedIds: readonly string[];
  readonly removedIds: readonly string[];
  readonly records: { readonly written: number; readonly unchanged: number };
  readonly changedRecordIds: readonly string[];
}

/** The one line `kb:import` ends with (README "The knowledge base"). */
export function importSummary(report: KbImportReport): string {
  return (
    `imported ${report.imported} documents (${report.sections} sections), ` +
    `${report.unchanged} unchanged, ${report.removed} removed`
  );
}
