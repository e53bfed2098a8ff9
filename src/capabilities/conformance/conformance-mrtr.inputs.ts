import type { McpHandlerContext } from '../../protocol/context/index.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';

/** One-string-property elicitation schema, as the SEP-2322 scenarios describe them. */
export function singleFieldSchema(
  field: string,
  type: 'string' | 'boolean' = 'string',
): JsonObject {
  return { type: 'object', properties: { [field]: { type } }, required: [field] };
}

/** `content[field]` of an accepted `ElicitResult`, else `undefined` (declined, cancelled). */
export function acceptedField(result: JsonObject, field: string): unknown {
  const content = result['content'];
  return result['action'] === 'accept' && typeof content === 'object' && content !== null
    ? (content as JsonObject)[field]
    : undefined;
}

export function askName(ctx: McpHandlerContext, key = 'user_name'): Promise<JsonObject> {
  return ctx.requestInput(key, 'elicitation/create', {
    message: 'What is your name?',
    requestedSchema: singleFieldSchema('name'),
  });
}

export function askGreeting(ctx: McpHandlerContext, text: string): Promise<JsonObject> {
  return ctx.requestInput('greeting', 'sampling/createMessage', {
    messages: [{ role: 'user', content: { type: 'text', text } }],
    maxTokens: 50,
  });
}

export function askRoots(ctx: McpHandlerContext): Promise<JsonObject> {
  return ctx.requestInput('client_roots', 'roots/list', {});
}

export function askConfirmation(ctx: McpHandlerContext): Promise<JsonObject> {
  return ctx.requestInput('confirm', 'elicitation/create', {
    message: 'Please confirm',
    requestedSchema: singleFieldSchema('ok', 'boolean'),
  });
}

/** Text of a `CreateMessageResult`, else `undefined`. */
export function sampledText(result: JsonObject): string | undefined {
  const content = result['content'] as { text?: unknown } | undefined;
  return typeof content?.text === 'string' ? content.text : undefined;
}

/** Roots of a `ListRootsResult` (the URIs), else an empty list. */
export function rootUris(result: JsonObject): string[] {
  const roots = result['roots'];
  return Array.isArray(roots)
    ? roots.flatMap((root: { uri?: unknown }) => (typeof root.uri === 'string' ? [root.uri] : []))
    : [];
}
