/**
 * RFC 8785 (JSON Canonicalization Scheme) serialization of plain JSON values.
 *
 * Object keys are sorted by UTF-16 code units (RFC 8785 §3.2.3, which is what the default
 * `Array.prototype.sort` comparison does); numbers use the ECMAScript serialization that
 * `JSON.stringify` implements (§3.2.2.3); strings use `JSON.stringify` escaping (§3.2.2.2).
 * Anything JSON cannot represent (non-finite numbers, bigint, functions, symbols, `undefined`
 * outside an object property) is rejected instead of being silently dropped or nulled, because
 * the output feeds a hash that must identify the definition exactly.
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, '$');
}

function serialize(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? serializeArray(value, path) : serializeObject(value, path);
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      break;
  }
  throw new TypeError(`${path}: a ${typeof value} is not a JSON value`);
}

function serializeArray(items: readonly unknown[], path: string): string {
  return `[${items.map((item, index) => serialize(item, `${path}[${index}]`)).join(',')}]`;
}

function serializeObject(object: object, path: string): string {
  const record = object as Record<string, unknown>;
  const members: string[] = [];
  // An `undefined` property is absent, as in JSON.stringify: `{ title: undefined }` and `{}`
  // describe the same definition and must hash the same.
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (member !== undefined) {
      members.push(`${JSON.stringify(key)}:${serialize(member, `${path}.${key}`)}`);
    }
  }
  return `{${members.join(',')}}`;
}
