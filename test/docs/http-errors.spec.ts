import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  TABLE_END,
  TABLE_START,
  renderHttpRejectionTable,
} from '../../src/transport/http/http-rejections.markdown.js';

/** The rejection table lives in both documents; both must match the code. */
const DOCS = ['docs/http-errors.md', 'README.md'].map((path) =>
  resolve(import.meta.dirname, '../..', path),
);

describe.each(DOCS)('rejection table in %s', (file) => {
  it('should contain the table generated from HTTP_REJECTIONS (UPDATE_DOCS=1 rewrites it)', () => {
    const doc = readFileSync(file, 'utf8');
    const start = doc.indexOf(TABLE_START);
    const end = doc.indexOf(TABLE_END) + TABLE_END.length;
    expect(start).toBeGreaterThanOrEqual(0);
    const current = doc.slice(start, end);
    const expected = renderHttpRejectionTable();
    if (process.env.UPDATE_DOCS === '1' && current !== expected) {
      writeFileSync(file, doc.slice(0, start) + expected + doc.slice(end));
      return;
    }
    expect(current).toBe(expected);
  });
});
