import type { Type } from '@nestjs/common';
import {
  targetConstructorToSchema,
  validationMetadatasToSchemas,
} from 'class-validator-jsonschema';

import type { JsonSchema } from '../../protocol/capabilities/capability.types.js';
import { classTransformerMetadata } from './class-transformer-storage.js';

const DEFS_PREFIX = '#/$defs/';
const OPTIONS = {
  refPointerPrefix: DEFS_PREFIX,
  // Without the `@Type()` registry, arrays of nested DTOs (`@ValidateNested({ each: true })`)
  // lose their item type.
  classTransformerMetadataStorage: classTransformerMetadata,
};

/**
 * JSON Schema (2020-12) of a class-validator DTO. Nested DTOs become `$ref: '#/$defs/<Class>'`
 * and only the definitions reachable from the root are copied into `$defs`, so the schema is
 * self-contained (MCP forbids network `$ref`s and clients resolve only local pointers).
 */
export function dtoToJsonSchema(dto: Type<unknown>): JsonSchema {
  const root = targetConstructorToSchema(dto, OPTIONS) as JsonSchema;
  const refs = collectRefs(root, new Set<string>());
  if (refs.size === 0) return root;
  const all = validationMetadatasToSchemas(OPTIONS) as Record<string, JsonSchema>;
  const defs: Record<string, JsonSchema> = {};
  const pending = [...refs];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const def = all[name];
    if (def === undefined) throw new Error(`nested DTO ${name} has no class-validator metadata`);
    defs[name] = def;
    for (const nested of collectRefs(def, new Set<string>())) {
      if (!(nested in defs) && !pending.includes(nested)) pending.push(nested);
    }
  }
  return { ...root, $defs: defs };
}

function collectRefs(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(DEFS_PREFIX)) {
        into.add(value.slice(DEFS_PREFIX.length));
      } else {
        collectRefs(value, into);
      }
    }
  }
  return into;
}
