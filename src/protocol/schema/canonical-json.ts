/**
 * RFC 8785 (JSON Canonicalization Scheme) serialization of plain JSON values.
 *
 * Object keys are sorted by UTF-16 code units (RFC 8785 §3.2.3, which is what the default
 * `Array.prototype.sort` comparison does); numbers use the ECMAScript serialization that
 * `JSON.stringify` implements (§3.2.2.3); strings use `JSON.stringify` escaping (§3.2.2.2).
 * Anything JSON cannot represent (non-finite numbers, bigint, functions, symbols, `undefined`
 * outside an object property) is rejected instead of being silently dropped or nulled, because
 * the output feeds a hash that must identify the definition exactly.
 *
 * Every audited call serializes its arguments and its audit row with it (README "Performance"),
 * so the output is built by appending to one string, an array of strings, numbers, booleans and
 * nulls (an audit row's content, mostly) is handed to `JSON.stringify` whole, which writes
 * exactly those the same way, and the path of a refused value is only assembled when one is
 * refused.
 */
export function canonicalJson(value: unknown): string {
  try {
    return serialize(value);
  } catch (error) {
    if (error instanceof NotJsonError) {
      throw new TypeError(`$${error.path}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** A refused value; `path` grows by one step per level it unwinds through. */
class NotJsonError extends Error {
  path = '';
}

function serialize(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(`${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'object':
      if (!Array.isArray(value)) return serializeObject(value);
      return holdsNoObject(value) ? JSON.stringify(value) : serializeArray(value);
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      break;
  }
  throw new NotJsonError(`a ${typeof value} is not a JSON value`);
}

/**
 * Only JSON scalars and arrays of them, at any depth: nothing whose keys need sorting and
 * nothing `JSON.stringify` would turn into `null` instead of refusing it.
 */
function holdsNoObject(items: readonly unknown[]): boolean {
  for (const item of items) {
    switch (typeof item) {
      case 'string':
      case 'boolean':
        continue;
      case 'number':
        if (Number.isFinite(item)) continue;
        return false;
      case 'object':
        if (item === null || (Array.isArray(item) && holdsNoObject(item))) continue;
        return false;
      case 'bigint':
      case 'function':
      case 'symbol':
      case 'undefined':
        return false;
    }
  }
  return true;
}

function serializeArray(items: readonly unknown[]): string {
  let text = '[';
  for (let index = 0; index < items.length; index++) {
    if (index > 0) text += ',';
    text += member(items[index], index);
  }
  return `${text}]`;
}

function serializeObject(object: object): string {
  const record = object as Record<string, unknown>;
  let text = '{';
  // An `undefined` property is absent, as in JSON.stringify: `{ title: undefined }` and `{}`
  // describe the same definition and must hash the same.
  for (const key of Object.keys(record).sort()) {
    const value = record[key];
    if (value === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${member(value, key)}`;
  }
  return `${text}}`;
}

/** `value` serialized; a refusal inside it is told where (`[index]` or `.key`). */
function member(value: unknown, step: number | string): string {
  try {
    return serialize(value);
  } catch (error) {
    if (error instanceof NotJsonError) {
      error.path = (typeof step === 'number' ? `[${step}]` : `.${step}`) + error.path;
    }
    throw error;
  }
}
