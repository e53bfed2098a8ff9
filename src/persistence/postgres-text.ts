/**
 * Postgres rejects U+0000 in `text` (22021) and `jsonb` (22P05). Values
 * that reach the database from clients are written with the visible escape `\u0000` instead,
 * so one such value cannot fail an insert (or a whole group commit).
 */
export function escapeNul(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '\\u0000') : value;
}

export function escapeNulOrNull(value: string | undefined): string | null {
  return value === undefined ? null : escapeNul(value);
}

/** JSON text for a `jsonb` parameter, with NUL escaped in keys and string values. */
export function toJsonb(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? escapeKeys(item as Record<string, unknown>)
      : typeof item === 'string'
        ? escapeNul(item)
        : item,
  );
}

function escapeKeys(object: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(object);
  if (!keys.some((key) => key.includes('\u0000'))) return object;
  return Object.fromEntries(keys.map((key) => [escapeNul(key), object[key]]));
}

const ARRAY_ELEMENT_SPECIALS = /["\\]/;
const ARRAY_ELEMENT_SPECIALS_ALL = /["\\]/g;

/**
 * A one-dimensional array parameter in Postgres's array literal syntax (Postgres docs §8.15.6,
 * array value input): every element double-quoted with `"` and `\` backslash-escaped, SQL NULL
 * bare. The same text `pg` would send, built without its per-element type inspection: the audit
 * batch sends two dozen such arrays per statement (postgres-audit-log). Elements are strings,
 * numbers or booleans; the statement casts the parameter to the element type.
 */
export function toArrayLiteral(values: readonly (string | number | boolean | null)[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) literal += ',';
    const value = values[i];
    if (value === null || value === undefined) {
      literal += 'NULL';
      continue;
    }
    const text = String(value);
    literal += ARRAY_ELEMENT_SPECIALS.test(text)
      ? `"${text.replace(ARRAY_ELEMENT_SPECIALS_ALL, '\\$&')}"`
      : `"${text}"`;
  }
  return `${literal}}`;
}

/**
 * `value` with NUL escaped in its keys and string values, for a `jsonb` column TypeORM
 * serializes itself: it stores the same text {@link toJsonb} would send.
 */
export function withNulEscaped<T>(value: T): T {
  return JSON.parse(toJsonb(value)) as T;
}
