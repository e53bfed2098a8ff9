import { describe, expect, it } from 'vitest';

import {
  escapeNul,
  escapeNulOrNull,
  toArrayLiteral,
  toJsonb,
  withNulEscaped,
} from './postgres-text.js';

describe('postgres-text', () => {
  it('should replace NUL with the visible escape and leave other text alone', () => {
    expect(escapeNul('a\u0000b\u0000')).toBe('a\\u0000b\\u0000');
    expect(escapeNul('plain \\u0000 text')).toBe('plain \\u0000 text');
    expect(escapeNulOrNull(undefined)).toBeNull();
  });

  it('should produce JSON whose keys and nested strings carry no NUL', () => {
    const json = toJsonb({ 'k\u0000': ['x\u0000', { deep: 'y\u0000' }], n: 1, none: null });
    expect(JSON.parse(json)).toEqual({
      'k\\u0000': ['x\\u0000', { deep: 'y\\u0000' }],
      n: 1,
      none: null,
    });
  });

  it('should hand TypeORM a value that serializes to the same NUL-free JSON', () => {
    const pins = { 'agent\u0000': '1.0.0\u0000', plain: '2.0.0' };
    expect(withNulEscaped(pins)).toEqual({ 'agent\\u0000': '1.0.0\\u0000', plain: '2.0.0' });
    expect(JSON.stringify(withNulEscaped(pins))).toBe(toJsonb(pins));
  });

  it('should quote every array element, escape quotes and backslashes, and leave NULL bare', () => {
    expect(toArrayLiteral([])).toBe('{}');
    expect(toArrayLiteral(['a', null, 'NULL', 7, true, ''])).toBe(
      '{"a",NULL,"NULL","7","true",""}',
    );
    expect(toArrayLiteral(['say "hi"', 'c:\\dir', '{x,y}'])).toBe(
      '{"say \\"hi\\"","c:\\\\dir","{x,y}"}',
    );
  });
});
