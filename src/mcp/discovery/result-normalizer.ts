import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { ResourceListPage } from '../../protocol/capabilities/registered-capability.types.js';

/*
 * Turns what a handler returned into the result object of its method. The shorthands keep
 * handlers short; anything else is a programming error of the handler and throws (the
 * dispatcher treats it like a handler that threw: tool → `isError`, others → internal error).
 */

/**
 * `CallToolResult` (tools §Tool result): a string → one text block; an object with a `content`
 * array → as is; with an output schema, any other plain object → `structuredContent` plus its
 * JSON as text, which clients without structured output support read (tools §Structured content).
 */
export function normalizeToolResult(value: unknown, hasOutputSchema: boolean): JsonObject {
  if (typeof value === 'string') return { content: [{ type: 'text', text: value }] };
  if (isObject(value)) {
    if (Array.isArray(value['content'])) return value;
    if (hasOutputSchema) {
      return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
    }
  }
  throw new TypeError(
    `tool handler returned ${describe(value)}: return a string, a CallToolResult, or (with an output schema) an object`,
  );
}

/**
 * `ReadResourceResult`: an object with a `contents` array → as is; a string → one text content;
 * bytes → one base64 `blob` content; the declared `mimeType` applies to both shorthands.
 */
export function normalizeResourceResult(
  value: unknown,
  uri: string,
  mimeType: string | undefined,
): JsonObject {
  const typed = mimeType === undefined ? { uri } : { uri, mimeType };
  if (typeof value === 'string') return { contents: [{ ...typed, text: value }] };
  if (value instanceof Uint8Array) {
    return { contents: [{ ...typed, blob: Buffer.from(value).toString('base64') }] };
  }
  if (isObject(value) && Array.isArray(value['contents'])) return value;
  throw new TypeError(
    `resource handler returned ${describe(value)}: return { contents }, a string or a Buffer`,
  );
}

/** `GetPromptResult`: an object with a `messages` array → as is; a string → one user message. */
export function normalizePromptResult(value: unknown): JsonObject {
  if (typeof value === 'string') {
    return { messages: [{ role: 'user', content: { type: 'text', text: value } }] };
  }
  if (isObject(value) && Array.isArray(value['messages'])) return value;
  throw new TypeError(
    `prompt handler returned ${describe(value)}: return { messages } or a string`,
  );
}

/** Completion candidates: an array of strings. */
export function normalizeCompletionResult(value: unknown): readonly string[] {
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value;
  }
  throw new TypeError(`completion handler returned ${describe(value)}: return an array of strings`);
}

/**
 * A lister's page, checked: every resource needs a string `uri` and `name`; `nextCursor`, when
 * given, is a string.
 */
export function normalizeResourceListPage(value: unknown): ResourceListPage {
  if (
    isObject(value) &&
    Array.isArray(value.resources) &&
    value.resources.every(
      (item) => isObject(item) && typeof item.uri === 'string' && typeof item.name === 'string',
    ) &&
    (value.nextCursor === undefined || typeof value.nextCursor === 'string')
  ) {
    return value as unknown as ResourceListPage;
  }
  throw new TypeError(
    `resource list handler returned ${describe(value)}: return { resources: [{ uri, name, … }], nextCursor? }`,
  );
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object of another shape' : `a ${typeof value}`;
}
