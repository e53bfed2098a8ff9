import type { KbImportRequest, RecordInput } from './kb-import.types.js';

/** Limits of one import's input, shared by the CLI, the admin endpoint and its DTO. */
export const IMPORT_LIMITS = {
  /** Longest `source` (a relative path). */
  sourceLength: 1024,
  /** Largest file, in characters: a handbook page is a few dozen kilobytes. */
  contentLength: 1_048_576,
  recordIdLength: 256,
  recordTypeLength: 64,
} as const;

/** Input an import refuses as a whole: nothing was written. */
export class KbImportInputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'KbImportInputError';
  }
}

/**
 * The checks an import makes before it writes anything, so bad input changes nothing: sources
 * unique and of printable characters, text without NUL (Postgres text cannot hold it; such a
 * file is binary), records with unique ids, a type, and an object of fields.
 *
 * @throws KbImportInputError naming every problem
 */
export function assertValidImport(request: KbImportRequest): void {
  const problems: string[] = [];
  const sources = new Set<string>();
  for (const { source, content } of request.documents) {
    if (!isLabel(source, IMPORT_LIMITS.sourceLength)) problems.push(`bad source ${json(source)}`);
    else if (sources.has(source)) problems.push(`${source}: given twice`);
    sources.add(source);
    if (content.length > IMPORT_LIMITS.contentLength) {
      problems.push(`${source}: larger than ${IMPORT_LIMITS.contentLength} characters`);
    }
    if (content.includes('\0')) problems.push(`${source}: not a text file (NUL character)`);
  }
  for (const source of request.keepSources ?? []) {
    if (!isLabel(source, IMPORT_LIMITS.sourceLength)) problems.push(`bad source ${json(source)}`);
  }
  problems.push(...recordProblems(request.records ?? []));
  if (problems.length > 0) throw new KbImportInputError(problems);
}

function recordProblems(records: readonly RecordInput[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  records.forEach((record, index) => {
    const at = `record ${index}`;
    if (typeof record !== 'object' || record === null) return problems.push(`${at}: not an object`);
    if (!isLabel(record.id, IMPORT_LIMITS.recordIdLength)) problems.push(`${at}: bad id`);
    else if (ids.has(record.id)) problems.push(`${at}: id ${record.id} given twice`);
    ids.add(record.id);
    if (!isLabel(record.type, IMPORT_LIMITS.recordTypeLength)) problems.push(`${at}: bad type`);
    const fields: unknown = record.fields;
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
      problems.push(`${at}: fields must be an object`);
    } else if (JSON.stringify(fields).includes('\\u0000')) {
      problems.push(`${at}: fields hold a NUL character`);
    }
    return problems.length;
  });
  return problems;
}

/** A non-empty string of printable characters (no control characters), at most `max` long. */
function isLabel(value: unknown, max: number): value is string {
  return (
    typeof value === 'string' &&
    value.trim() !== '' &&
    value.length <= max &&
    // eslint-disable-next-line no-control-regex -- control characters are what it refuses
    !/[\u0000-\u001f\u007f]/.test(value)
  );
}

const json = (value: unknown): string => JSON.stringify(value)?.slice(0, 80) ?? String(value);
