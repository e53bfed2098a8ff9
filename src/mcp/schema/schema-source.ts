import type { JsonSchema, SchemaSource } from '../../protocol/capabilities/capability.types.js';
import { dtoToJsonSchema } from './dto-json-schema.js';
import { deepFreeze } from '../../protocol/schema/json-object.util.js';

/**
 * The JSON Schema behind a decorator's `input`/`output` option: a DTO class is converted, a
 * raw schema object is kept verbatim (a deep copy, so `$schema`, `$defs`,
 * `additionalProperties` and unknown keywords survive exactly as written — conformance
 * `json-schema-2020-12`), and frozen so nothing changes it after it was hashed.
 *
 * @throws Error when the root is not `type: 'object'` (tools §Tool: inputSchema root object;
 * outputSchema root object until 2025-11-25, which we keep so every revision can be served).
 */
export function resolveSchemaSource(source: SchemaSource): JsonSchema {
  const schema = typeof source === 'function' ? dtoToJsonSchema(source) : structuredClone(source);
  if (schema['type'] !== 'object') {
    throw new Error(`schema root must have type "object", got ${JSON.stringify(schema['type'])}`);
  }
  return deepFreeze(schema);
}
