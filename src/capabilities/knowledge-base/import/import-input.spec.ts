import { describe, expect, it } from 'vitest';

import { assertValidImport, IMPORT_LIMITS, KbImportInputError } from './import-input.js';
import type { KbImportRequest } from './kb-import.types.js';

const problemsOf = (request: KbImportRequest): readonly string[] => {
  try {
    assertValidImport(request);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(KbImportInputError);
    return (error as KbImportInputError).problems;
  }
};

const documents = (...pairs: [string, string][]) =>
  pairs.map(([source, content]) => ({ source, content }));

describe('assertValidImport', () => {
  it('should accept documents and records that meet every rule', () => {
    const records = [{ id: 'T-1', type: 'ticket', fields: { status: 'open' } }];
    expect(problemsOf({ documents: documents(['a.md', '# A']), records, paths: ['.'] })).toEqual(
      [],
    );
  });

  it('should refuse a source given twice, empty, too long or with control characters', () => {
    const long = 'x'.repeat(IMPORT_LIMITS.sourceLength + 1);
    const request = {
      documents: documents(['a.md', 'a'], ['a.md', 'b'], [' ', 'c'], [long, 'd'], ['a\nb', 'e']),
      paths: [],
    };
    expect(problemsOf(request)).toEqual([
      'a.md: given twice',
      'bad source " "',
      `bad source ${JSON.stringify(long).slice(0, 80)}`,
      'bad source "a\\nb"',
    ]);
  });

  it('should refuse binary content and a file over the size limit', () => {
    const big = 'x'.repeat(IMPORT_LIMITS.contentLength + 1);
    expect(
      problemsOf({ documents: documents(['a.png', 'PNG\0'], ['b.md', big]), paths: [] }),
    ).toEqual([
      'a.png: not a text file (NUL character)',
      `b.md: larger than ${IMPORT_LIMITS.contentLength} characters`,
    ]);
  });

  it('should refuse records without an id or type, with repeated ids or fields not an object', () => {
    const records = [
      { id: 'R-1', type: 'ticket', fields: {} },
      { id: 'R-1', type: 'ticket', fields: {} },
      { id: '', type: '', fields: [] },
      { id: 'R-2', type: 'ticket', fields: { note: 'a\0b' } },
    ];
    expect(problemsOf({ documents: [], records: records as never, paths: [] })).toEqual([
      'record 1: id R-1 given twice',
      'record 2: bad id',
      'record 2: bad type',
      'record 2: fields must be an object',
      'record 3: fields hold a NUL character',
    ]);
  });
});
