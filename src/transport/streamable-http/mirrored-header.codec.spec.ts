import { describe, expect, it } from 'vitest';

import { decodeMirroredHeader, mirrors } from './mirrored-header.codec.js';

describe(decodeMirroredHeader.name, () => {
  it('should read plain values literally, even ones that only resemble the sentinel', () => {
    expect(decodeMirroredHeader('us-west1')).toBe('us-west1');
    expect(decodeMirroredHeader('=?base64?SGVsbG8=')).toBe('=?base64?SGVsbG8=');
    expect(decodeMirroredHeader('SGVsbG8=')).toBe('SGVsbG8=');
  });

  it('should decode the base64 sentinel to UTF-8', () => {
    const encoded = Buffer.from('Zürich 日本').toString('base64');
    expect(decodeMirroredHeader(`=?base64?${encoded}?=`)).toBe('Zürich 日本');
  });

  it.each([
    ['missing padding', '=?base64?SGVsbG8?='],
    ['foreign characters', '=?base64?SGVs!!!bG8=?='],
    ['invalid UTF-8', `=?base64?${Buffer.from([0xff, 0xfe]).toString('base64')}?=`],
    ['non-ASCII raw bytes', 'Zürich'],
    ['control characters', 'a\u0001b'],
  ])('should reject %s', (_case, raw) => {
    expect(decodeMirroredHeader(raw)).toBeUndefined();
  });
});

describe(mirrors.name, () => {
  it('should compare strings exactly, numbers numerically and booleans by name', () => {
    expect(mirrors('eu', 'eu')).toBe(true);
    expect(mirrors('eu', 'EU')).toBe(false);
    expect(mirrors(42, '42')).toBe(true);
    expect(mirrors(42, '42.0')).toBe(true);
    expect(mirrors(42, '0x2a')).toBe(false);
    expect(mirrors(true, 'true')).toBe(true);
    expect(mirrors(false, 'true')).toBe(false);
    expect(mirrors({ a: 1 }, '[object Object]')).toBe(false);
  });
});
