/** What a database span says of its statement (semconv database spans). */
export interface DbQueryShape {
  /** `db.operation.name`: the statement's first keyword, e.g. `SELECT`. */
  readonly operation: string;
  /** `db.collection.name`: the first table it names, when there is one. */
  readonly collection: string | undefined;
  /** `db.query.summary`, also the span name: `{operation} {collection}`. */
  readonly summary: string;
  /** `db.query.text`: the statement with literals replaced by `?` and whitespace collapsed. */
  readonly text: string;
}

/** Long statements (a wide batch) are cut: a span is not a copy of the query log. */
const MAX_TEXT_LENGTH = 2048;
const STRING_LITERAL = /'(?:[^']|'')*'/g;
/** A number standing alone, not a `$1` placeholder nor part of an identifier. */
const NUMBER_LITERAL = /(?<![\w$.])\d+(?:\.\d+)?\b/g;
const WHITESPACE = /\s+/g;
const FIRST_WORD = /^\s*([A-Za-z]+)/;
/** The table after the keyword that names it: FROM, INTO, UPDATE, JOIN (schema-qualified or quoted). */
const COLLECTION =
  /\b(?:FROM|INTO|UPDATE|JOIN)\s+((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?)/i;

/**
 * Semconv database spans: `db.query.text` is recorded for parameterized statements only, or with
 * literals sanitized. Statements here carry their values as `$n` parameters, which are never
 * read; inline literals are replaced by `?` anyway, so a value never reaches a collector.
 */
export function dbQueryShape(sql: string): DbQueryShape {
  const operation = (FIRST_WORD.exec(sql)?.[1] ?? 'QUERY').toUpperCase();
  const collection = COLLECTION.exec(sql)?.[1]?.replaceAll('"', '');
  const text = sql
    .replace(STRING_LITERAL, '?')
    .replace(NUMBER_LITERAL, '?')
    .replace(WHITESPACE, ' ')
    .trim()
    .slice(0, MAX_TEXT_LENGTH);
  return {
    operation,
    collection,
    summary: collection === undefined ? operation : `${operation} ${collection}`,
    text,
  };
}
