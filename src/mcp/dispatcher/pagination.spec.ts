import { describe, expect, it } from 'vitest';

import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { paginate } from './pagination.js';

const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const key = (name: string): string => name;

function walk(isVisible: (name: string) => boolean, pageSize: number): string[][] {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = paginate(names, cursor === undefined ? {} : { cursor }, pageSize, key, isVisible);
    pages.push([...page.items]);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return pages;
}

describe(paginate.name, () => {
  it('should split the list into pages and end without a cursor', () => {
    expect(walk(() => true, 3)).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
    expect(walk(() => true, 7)).toEqual([names]);
  });

  it('should fill every page with visible items only', () => {
    const visible = (name: string): boolean => !['b', 'c', 'f'].includes(name);
    expect(walk(visible, 2)).toEqual([
      ['a', 'd'],
      ['e', 'g'],
    ]);
  });

  it('should not announce a next page when nothing visible follows', () => {
    const page = paginate(names, {}, 2, key, (name) => name <= 'b');
    expect(page).toEqual({ items: ['a', 'b'], nextCursor: undefined });
  });

  it('should use base64url of the last key as the cursor', () => {
    const page = paginate(names, {}, 2, key, () => true);
    expect(page.nextCursor).toBe(Buffer.from('b').toString('base64url'));
  });

  it.each([42, '', 'not base64!', Buffer.from('zz').toString('base64url'), 'YQ=='])(
    'should refuse the cursor %j with -32602',
    (cursor) => {
      expect(() => paginate(names, { cursor }, 2, key, () => true)).toThrow(McpError);
      try {
        paginate(names, { cursor }, 2, key, () => true);
      } catch (error) {
        expect((error as McpError).code).toBe(JsonRpcErrorCode.InvalidParams);
      }
    },
  );
});
