import { BadRequestException } from '@nestjs/common';

/**
 * Opaque pagination cursors: base64url of a JSON value. Decoding returns `undefined` for
 * anything malformed, which callers answer with 400 instead of guessing.
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Where a page of a list ordered by `(created_at, id)`, newest first, ends. */
export interface CreatedAtPosition {
  readonly createdAt: string;
  readonly id: string;
}

export function encodeCreatedAtCursor(last: { createdAt: Date | string; id: string }): string {
  return encodeCursor([last.createdAt, last.id]);
}

/**
 * The position a {@link encodeCreatedAtCursor} cursor names; `idPattern` narrows the ids the
 * list can hold (e.g. UUIDs), so a forged cursor is refused before it reaches the query.
 * @throws BadRequestException for anything else
 */
export function decodeCreatedAtCursor(cursor: string, idPattern?: RegExp): CreatedAtPosition {
  const value = decodeCursor(cursor);
  if (
    Array.isArray(value) &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    !Number.isNaN(Date.parse(value[0])) &&
    (idPattern === undefined || idPattern.test(value[1]))
  ) {
    return { createdAt: value[0], id: value[1] };
  }
  throw new BadRequestException('Invalid cursor');
}
