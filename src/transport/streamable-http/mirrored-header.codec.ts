/**
 * Values of the 2026-07-28 mirrored headers (`Mcp-Name`, `Mcp-Param-*`; transports §Custom
 * headers, SEP-2243): a value that is not plain visible ASCII travels as
 * `=?base64?<base64(UTF-8)>?=`. Anything not wrapped exactly so is literal.
 */
const SENTINEL = /^=\?base64\?(.*)\?=$/s;
/** Standard alphabet with mandatory padding (RFC 4648 §4); Node's decoder is lenient, so check. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Header values are visible ASCII and spaces (RFC 9110 §5.5); anything else is invalid here. */
const VISIBLE_ASCII = /^[\x20-\x7E]*$/;
/** A JSON number as text (RFC 8259 §6). */
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** The decoded value, or `undefined` when the header is malformed (invalid characters/base64). */
export function decodeMirroredHeader(raw: string): string | undefined {
  if (!VISIBLE_ASCII.test(raw)) return undefined;
  const wrapped = SENTINEL.exec(raw);
  if (wrapped === null) return raw;
  const encoded = wrapped[1] ?? '';
  if (!BASE64.test(encoded)) return undefined;
  const bytes = Buffer.from(encoded, 'base64');
  const text = bytes.toString('utf8');
  // Reject bytes that are not UTF-8 rather than compare a replacement character.
  return Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
}

/**
 * Whether a body value equals the header's decoded text: strings exactly, integers numerically,
 * booleans as `true`/`false` (SEP-2243 §Encoding).
 */
export function mirrors(value: unknown, decoded: string): boolean {
  if (typeof value === 'string') return value === decoded;
  if (typeof value === 'number') return NUMBER.test(decoded) && Number(decoded) === value;
  if (typeof value === 'boolean') return decoded === String(value);
  // Objects, arrays and null are never mirrored (SEP-2243: primitives only).
  return false;
}
