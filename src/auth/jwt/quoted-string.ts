/**
 * An auth-param value as a quoted-string (RFC 9110 §5.6.4, formerly RFC 7230 §3.2.6): `"` and `\`
 * become quoted-pairs; control characters and non-ASCII, which RFC 6750 §3 admits in none of its
 * attributes, become `?`. A configured value can then neither end the string early nor make Node
 * refuse the header.
 */
export function quotedString(value: string): string {
  return `"${value.replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, '\\$&')}"`;
}
