import type { RegisteredTool } from '../protocol/capabilities/registered-capability.types.js';
import { isPlainObject } from '../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../protocol/json-rpc/mcp-error.js';

/** Where a client puts the key in `params._meta` (MCP `_meta` key naming: reverse-DNS prefix). */
export const IDEMPOTENCY_META_KEY = 'io.github.enterprise-mcp/idempotencyKey';
/** The argument that carries the key, for a tool whose input schema declares it. */
export const IDEMPOTENCY_ARGUMENT = 'idempotencyKey';

const PRINTABLE_KEY = /^[\x20-\x7E]{1,200}$/;

/**
 * The idempotency key of a `tools/call` (docs/approvals.md "Idempotent retries"): from
 * `params._meta`, else from the `idempotencyKey` argument when the tool's input schema declares
 * it. A call without one costs two property reads. A key that is not 1–200 printable ASCII
 * characters is refused (-32602) before anything runs.
 */
export function idempotencyKeyOf(
  tool: RegisteredTool,
  params: JsonObject,
  args: JsonObject,
): string | undefined {
  const meta = params._meta;
  const fromMeta =
    typeof meta === 'object' && meta !== null
      ? (meta as JsonObject)[IDEMPOTENCY_META_KEY]
      : undefined;
  if (fromMeta !== undefined) return checked(fromMeta, `_meta["${IDEMPOTENCY_META_KEY}"]`);
  const fromArgs = args[IDEMPOTENCY_ARGUMENT];
  if (fromArgs === undefined || !declaresKeyArgument(tool)) return undefined;
  return checked(fromArgs, `arguments.${IDEMPOTENCY_ARGUMENT}`);
}

function declaresKeyArgument(tool: RegisteredTool): boolean {
  const properties = tool.definition.inputSchema.properties;
  return isPlainObject(properties) && Object.hasOwn(properties, IDEMPOTENCY_ARGUMENT);
}

function checked(value: unknown, where: string): string {
  if (typeof value === 'string' && PRINTABLE_KEY.test(value)) return value;
  throw McpError.invalidParams(
    `Invalid params: ${where} must be an idempotency key of 1 to 200 printable ASCII characters`,
  );
}
