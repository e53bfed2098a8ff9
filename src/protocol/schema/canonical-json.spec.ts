import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { canonicalJson } from './canonical-json.js';

describe(canonicalJson.name, () => {
  it('should sort keys by UTF-16 code units, not by code points or locale', () => {
    // RFC 8785 §3.2.3: U+1F600 is the surrogate pair D83D DE00, so it sorts before U+FB33
    // by code units although its code point is larger.
    const input = { '\ufb33': 1, '\ud83d\ude00': 2, '\u20ac': 3, '\r': 4, '1': 5, a: 6, B: 7 };
    expect(canonicalJson(input)).toBe('{"\\r":4,"1":5,"B":7,"a":6,"€":3,"😀":2,"\ufb33":1}');
  });

  it('should serialize numbers like ECMAScript (RFC 8785 §3.2.2.3)', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1 + 0.2, 100, 5e-324])).toBe(
      '[1e+21,1e-7,0,0.30000000000000004,100,5e-324]',
    );
  });

  it('should escape strings as JSON.stringify does', () => {
    expect(canonicalJson('a"\\\n\u0001é')).toBe('"a\\"\\\\\\n\\u0001é"');
  });

  it('should canonicalize nested structures and omit undefined members', () => {
    expect(canonicalJson({ b: [true, null, { d: 1, c: 'x' }], a: undefined, e: {} })).toBe(
      '{"b":[true,null,{"c":"x","d":1}],"e":{}}',
    );
  });

  it('should reject values JSON cannot carry, naming where they are', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow('$.a[1]: NaN is not a JSON number');
    expect(() => canonicalJson({ a: Infinity })).toThrow('$.a: Infinity');
    expect(() => canonicalJson([undefined])).toThrow('$[0]: a undefined is not a JSON value');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('$.f: a function');
    expect(() => canonicalJson(10n)).toThrow('a bigint');
  });

  it('should give the same hash whatever the key insertion order', () => {
    const hash = (value: unknown): string =>
      createHash('sha256').update(canonicalJson(value)).digest('hex');
    const one = {
      name: 'echo',
      inputSchema: { type: 'object', properties: { m: { type: 'string' } } },
    };
    const two = {
      inputSchema: { properties: { m: { type: 'string' } }, type: 'object' },
      name: 'echo',
    };
    expect(hash(one)).toBe(hash(two));
    // Pinned: a change in the serialization would silently re-version every stored tool.
    expect(hash(one)).toBe('28ae8068bbb133c4f0c20138ff343c1d9d114a57100356a608c4ed3573eac341');
  });
});
