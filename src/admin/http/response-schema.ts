import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

/**
 * Building blocks of the admin API's response schemas (OpenAPI 3.0 Schema Objects). The views
 * are TypeScript interfaces, which @nestjs/swagger cannot see, so each feature describes its
 * views with these next to them; test/dashboard/admin-api-types.check.ts keeps each view
 * assignable to the type generated from its schema, so a schema cannot drift from its view.
 */
export type Schema = SchemaObject | ReferenceObject;

export const STRING: SchemaObject = { type: 'string' };
export const INTEGER: SchemaObject = { type: 'integer' };
export const NUMBER: SchemaObject = { type: 'number' };
export const BOOLEAN: SchemaObject = { type: 'boolean' };
export const DATE_TIME: SchemaObject = { type: 'string', format: 'date-time' };
/** Any JSON value (arguments, results, a change's before and after). */
export const ANY_JSON: SchemaObject = {};
export const STRING_LIST: SchemaObject = { type: 'array', items: STRING };

export function nullable(schema: SchemaObject): SchemaObject {
  return { ...schema, nullable: true };
}

export function listOf(items: Schema): SchemaObject {
  return { type: 'array', items };
}

export function oneOf(...values: readonly string[]): SchemaObject {
  return { type: 'string', enum: [...values] };
}

export function mapOf(values: Schema): SchemaObject {
  return { type: 'object', additionalProperties: values };
}

/** An object whose properties are all required, except those named in `optional`. */
export function objectOf(
  properties: Record<string, Schema>,
  optional: readonly string[] = [],
): SchemaObject {
  const required = Object.keys(properties).filter((name) => !optional.includes(name));
  return { type: 'object', properties, required, additionalProperties: false };
}

/** A reference to a named schema of the document's `components.schemas`. */
export function ref(name: string): ReferenceObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** A cursor-paginated list: `{ [key]: items, nextCursor? }` (src/admin/http/cursor.ts). */
export function pageOf(key: string, item: string): SchemaObject {
  return objectOf({ [key]: listOf(ref(item)), nextCursor: STRING }, ['nextCursor']);
}
