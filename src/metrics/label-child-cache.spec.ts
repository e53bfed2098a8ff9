import { describe, expect, it } from 'vitest';

import { LabelChildCache } from './label-child-cache.js';

describe(LabelChildCache.name, () => {
  it('should create each label child once and return the same one afterwards', () => {
    const created: string[] = [];
    const sut = new LabelChildCache(10, (a, b, c) => {
      created.push(`${a}|${b}|${c}`);
      return { a, b, c };
    });
    const first = sut.get('tools/call', 'ok');
    expect(sut.get('tools/call', 'ok')).toBe(first);
    expect(sut.get('tools/call', 'error')).not.toBe(first);
    expect(created).toEqual(['tools/call|ok|', 'tools/call|error|']);
  });

  it('should fold new first-label values into "other" once the cap is reached', () => {
    const sut = new LabelChildCache(2, (a, b) => `${a}:${b}`);
    expect(sut.get('a', 'x')).toBe('a:x');
    expect(sut.get('b', 'x')).toBe('b:x');
    expect(sut.get('c', 'x')).toBe('other:x');
    expect(sut.get('d', 'y')).toBe('other:y');
    expect(sut.get('a', 'z')).toBe('a:z');
  });
});
