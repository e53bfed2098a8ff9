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
