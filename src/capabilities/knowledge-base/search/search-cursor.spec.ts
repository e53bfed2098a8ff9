import { describe, expect, it } from 'vitest';

import { McpError } from '../../../protocol/json-rpc/mcp-error.js';
import { asWebSearch } from './kb-search.service.js';
import { LruCache } from './search-cache.js';
import { encodeSearchCursor, offsetOf, searchDigest } from './search-cursor.js';

describe('search cursors', () => {
  const digest = searchDigest('leave policy', ['hr', 'handbook']);

  it('should resume at the offset it was issued for', () => {
    expect(offsetOf(undefined, digest)).toBe(0);
    expect(offsetOf(encodeSearchCursor({ offset: 20, digest }), digest)).toBe(20);
  });

  it('should give the same digest whatever the order or repetition of tags', () => {
    expect(searchDigest('leave policy', ['handbook', 'hr', 'hr'])).toBe(digest);
    expect(searchDigest('leave policy', ['hr'])).not.toBe(digest);
    expect(searchDigest('leave', ['hr', 'handbook'])).not.toBe(digest);
  });

  it.each([
    ['another query', encodeSearchCursor({ offset: 20, digest: searchDigest('other', []) })],
    ['garbage', 'not-a-cursor'],
    ['a negative offset', Buffer.from(`-1.${digest}`).toString('base64url')],
    ['an offset with a fraction', Buffer.from(`1.5.${digest}`).toString('base64url')],
    ['the empty string', ''],
  ])('should refuse %s with -32602', (_name, cursor) => {
    expect(() => offsetOf(cursor, digest)).toThrow(McpError);
    expect(() => offsetOf(cursor, digest)).toThrow(/Invalid cursor/);
  });
});

describe(LruCache.name, () => {
  it('should evict the least recently used entry beyond its capacity', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.size]).toEqual([1, 3, 2]);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});

describe(asWebSearch.name, () => {
  it('should keep an upper-case OR as the operator and make any other "or" a plain word', () => {
    expect(asWebSearch('tokens OR passwords')).toBe('tokens OR passwords');
    expect(asWebSearch('log tokens or passwords')).toBe('log tokens   passwords');
    expect(asWebSearch('Or maybe oR not')).toBe('  maybe   not');
    expect(asWebSearch('order origin')).toBe('order origin');
  });
});
