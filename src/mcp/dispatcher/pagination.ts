import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';

export interface Page<T> {
  readonly items: readonly T[];
  /** Absent on the last page: `""` is a valid cursor in 2026-07-28, so it never means "done". */
  readonly nextCursor: string | undefined;
}

/**
 * Cursor pagination (utilities §Pagination). The cursor is the base64url of the last key served,
 * opaque to clients; the list is the registry's frozen, key-ordered list, so a key always finds
 * its place again. `isVisible` filters per principal, so every page holds only visible items.
 *
 * @throws McpError -32602 for a cursor this server did not issue.
 */
export function paginate<T>(
  items: readonly T[],
  params: JsonObject,
  pageSize: number,
  keyOf: (item: T) => string,
  isVisible: (item: T) => boolean,
): Page<T> {
  const page: T[] = [];
  let index = startIndex(items, params.cursor, keyOf);
  for (; index < items.length; index++) {
    const item = items[index] as T;
    if (!isVisible(item)) continue;
    if (page.length === pageSize) {
      return { items: page, nextCursor: encodeCursor(keyOf(page[page.length - 1] as T)) };
    }
    page.push(item);
  }
  return { items: page, nextCursor: undefined };
}

/** The result of a list method: `{ [field]: the items' listings, nextCursor? }`. */
export function listResult<T extends { readonly listing: JsonObject }>(
  field: string,
  page: Page<T>,
): JsonObject {
  const result: JsonObject = { [field]: page.items.map((item) => item.listing) };
  if (page.nextCursor !== undefined) result.nextCursor = page.nextCursor;
  return result;
}

function startIndex<T>(items: readonly T[], cursor: unknown, keyOf: (item: T) => string): number {
  if (cursor === undefined) return 0;
  if (typeof cursor === 'string') {
    const key = Buffer.from(cursor, 'base64url').toString('utf8');
    const index = cursor === '' ? -1 : items.findIndex((item) => keyOf(item) === key);
    if (index >= 0 && encodeCursor(key) === cursor) return index + 1;
  }
  throw McpError.invalidParams('Invalid cursor');
}

function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}
