import { Injectable } from '@nestjs/common';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';

import type { JsonSchema } from '../../protocol/capabilities/capability.types.js';
import type { SchemaCheck } from '../../protocol/capabilities/registered-capability.types.js';
import { listProblems } from './problem-list.js';

// ajv-formats is CommonJS with `exports.default`; under nodenext the default import is the
// module object, so take the plugin from it.
const addFormats = addFormatsPlugin.default;

/**
 * Compiles tool schemas once, at boot, into `SchemaCheck` functions for the hot path.
 *
 * One Ajv instance in the 2020-12 dialect (the MCP default dialect from 2025-11-25). `strict`
 * is off so annotation keywords Ajv does not know (`x-mcp-header`, `enumNames`) are accepted
 * as the spec allows. `allErrors` is on so one answer names every bad field and the model can
 * fix them all at once: on valid arguments it costs nothing measurable (echo's schema, Node 20,
 * this VM: ~0.1–0.3 µs per check either way, as every keyword is evaluated anyway); only an
 * invalid call pays for the extra errors, and the message lists at most a few of them. No
 * `loadSchema`: a `$ref` to a network URI fails compilation instead of being fetched
 * (2026-07-28 tools §inputSchema forbids auto-dereferencing).
 */
@Injectable()
export class JsonSchemaCompiler {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });

  constructor() {
    addFormats(this.ajv);
  }

  /**
   * @param label how the validated value is named in messages (`arguments`, `structuredContent`)
   * @throws Error with Ajv's reason when the schema itself is invalid
   */
  compile(schema: JsonSchema, label: string): SchemaCheck {
    const validate = this.ajv.compile(schema);
    return (value) => {
      if (validate(value)) return undefined;
      const errors = validate.errors ?? [];
      if (errors.length === 0) return `${label} is invalid`;
      return listProblems(errors.map((error) => describe(label, error)));
    };
  }
}

/** `arguments/message must be string`, `arguments must have required property 'message'`. */
function describe(label: string, error: ErrorObject): string {
  const where = `${label}${error.instancePath}`;
  const message = error.message ?? 'is invalid';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    return `${where} ${message}: '${String(params['additionalProperty'])}'`;
  }
  if (error.keyword === 'enum') {
    return `${where} ${message}: ${JSON.stringify(params['allowedValues'])}`;
  }
  return `${where} ${message}`;
}
