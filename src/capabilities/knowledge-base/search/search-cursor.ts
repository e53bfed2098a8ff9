import { hash } from 'node:crypto';

import { McpError } from '../../../protocol/json-rpc/mcp-error.js';

/**
 * The opaque cursor of `search_docs` (utilities §Pagination): the offset of the next hit plus a
 * digest of the query and tags it belongs to. A cursor handed to another query would page
 * through a different ranking, so it is refused (-32602) rather than silently misapplied.
 */
export interface SearchCursor {
  readonly offset: number;
  readonly digest: string;
}

/** Digest of what a ranking depends on: the query text and the tag filter (order-free). */
export function searchDigest(query: string, tags: readonly string[]): string {
  const key = JSON.stringify([query, [...new Set(tags)].sort()]);
  return hash('sha256', key, 'base64url').slice(0, 16);
}

export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(`${cursor.offset}.${cursor.digest}`, 'utf8').toString('base64url');
}

/** The offset a cursor resumes at; 0 without a cursor. @throws McpError -32602 otherwise. */
export function offsetOf(cursor: string | undefined, digest: string): number {
  if (cursor === undefined) return 0;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const [offsetText = '', cursorDigest] = decoded.split('.', 2);
  const offset = Number(offsetText);
  if (
    cursorDigest !== digest ||
    !/^[0-9]{1,9}$/.test(offsetText) ||
    encodeSearchCursor({ offset, digest }) !== cursor
  ) {
    throw McpError.invalidParams('Invalid cursor: it belongs to another search or is malformed');
  }
  return offset;
}
