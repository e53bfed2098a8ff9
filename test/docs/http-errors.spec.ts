import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  TABLE_END,
  TABLE_START,
  renderHttpRejectionTable,
} from '../../src/transport/http/http-rejections.markdown.js';

const DOC = resolve(import.meta.dirname, '../../docs/http-errors.md');

describe('docs/http-errors.md', () => {
  it('should contain the rejection table generated from HTTP_REJECTIONS (UPDATE_DOCS=1 rewrites it)', () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(TABLE_START);
    const end = doc.indexOf(TABLE_END) + TABLE_END.length;
    expect(start).toBeGreaterThanOrEqual(0);
    const current = doc.slice(start, end);
    const expected = renderHttpRejectionTable();
    if (process.env.UPDATE_DOCS === '1' && current !== expected) {
      writeFileSync(DOC, doc.slice(0, start) + expected + doc.slice(end));
      return;
    }
    expect(current).toBe(expected);
  });
});
