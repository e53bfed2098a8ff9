import type { SchemaSource } from '../../protocol/capabilities/capability.types.js';
import type {
  SchemaCheck,
  ToolInput,
  ToolInputParser,
} from '../../protocol/capabilities/registered-capability.types.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { dtoInputParser } from './dto-input.parser.js';

/**
 * A tool's input check: the precompiled JSON Schema first, for every tool; for a DTO input,
 * then the DTO's own transformation and validation on arguments the schema accepted (so a
 * `@Transform` function only ever sees well-typed values).
 *
 * DTO tools always pay for the second step, even when their JSON Schema already says all their
 * decorators say: the handler gets a DTO instance whatever the DTO holds, as Nest users expect
 * of a `ValidationPipe`, and there is no list of "schema-expressible" decorators to keep in step
 * with class-validator and class-validator-jsonschema. Its price, measured on echo's DTO (Node
 * 20, 2 vCPU, 200k calls after warm-up): Ajv alone 0.1–0.3 µs per call, Ajv + `plainToInstance`
 * + `validate` 3–5 µs (7–14 µs with the VM at load average 15), against 75–95 µs of server CPU
 * per steady `tools/call` (README "Performance"). A tool that wants those microseconds back
 * declares a raw JSON Schema `input` and gets the Ajv check only.
 */
export function toolInputParser(
  source: SchemaSource | undefined,
  checkSchema: SchemaCheck,
  label: string,
): ToolInputParser {
  const checkDto = typeof source === 'function' ? dtoInputParser(source, label) : undefined;
  return (args: JsonObject): Promise<ToolInput> => {
    const problems = checkSchema(args);
    if (problems !== undefined) return Promise.resolve({ ok: false, problems });
    return checkDto === undefined ? Promise.resolve({ ok: true, value: args }) : checkDto(args);
  };
}
