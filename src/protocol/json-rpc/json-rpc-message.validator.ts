import { allowsBatches, type ProtocolVersion } from '../protocol-version.js';
import type { JsonObject, JsonRpcId, JsonRpcMessage } from './json-rpc.types.js';
import { McpError } from './mcp-error.js';

/** A parsed frame: one message, or (2025-03-26 only) a JSON-RPC batch. */
export type JsonRpcPayload =
  | { readonly kind: 'single'; readonly message: JsonRpcMessage }
  | { readonly kind: 'batch'; readonly messages: readonly JsonRpcMessage[] };

/**
 * Checks the shape of one JSON-RPC 2.0 message as MCP restricts it (basic §Messages): `jsonrpc`
 * is "2.0", ids are strings or safe integers (never null), `params` is an object, a response has
 * exactly one of `result`/`error`.
 *
 * @throws McpError -32600 (HTTP 400)
 */
export function validateMessage(value: unknown): JsonRpcMessage {
  if (!isPlainObject(value)) throw invalid('a JSON-RPC message must be an object');
  if (value.jsonrpc !== '2.0') throw invalid('"jsonrpc" must be "2.0"');
  if ('method' in value) {
    if (typeof value.method !== 'string') throw invalid('"method" must be a string');
    if (value.params !== undefined && !isPlainObject(value.params)) {
      throw invalid('"params" must be an object');
    }
    if ('id' in value) assertId(value.id);
    return value as unknown as JsonRpcMessage;
  }
  assertId(value.id);
  const hasResult = 'result' in value;
  if (hasResult === 'error' in value)
    throw invalid('a response has exactly one of "result" or "error"');
  if (hasResult ? !isPlainObject(value.result) : !isErrorObject(value.error)) {
    throw invalid(hasResult ? '"result" must be an object' : '"error" must be {code, message}');
  }
  return value as unknown as JsonRpcMessage;
}

/** Validates a parsed frame, telling a batch from a single message. */
export function readJsonRpcPayload(value: unknown): JsonRpcPayload {
  if (!Array.isArray(value)) return { kind: 'single', message: validateMessage(value) };
  // JSON-RPC 2.0 §6: an empty array is an invalid request.
  if (value.length === 0) throw invalid('an empty batch is not allowed');
  return { kind: 'batch', messages: value.map(validateMessage) };
}

/**
 * Batches exist only in 2025-03-26, and `initialize` is never part of one (lifecycle §Initialization).
 *
 * @throws McpError -32600 (HTTP 400)
 */
export function assertBatchAllowed(
  messages: readonly JsonRpcMessage[],
  version: ProtocolVersion,
): void {
  if (!allowsBatches(version)) throw invalid(`protocol version ${version} does not allow batches`);
  if (messages.some((message) => 'method' in message && message.method === 'initialize')) {
    throw invalid('"initialize" must not be part of a batch');
  }
}

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertId(id: unknown): asserts id is JsonRpcId {
  if (typeof id === 'string' || Number.isSafeInteger(id)) return;
  throw invalid('"id" must be a string or an integer');
}

function isErrorObject(value: unknown): boolean {
  return isPlainObject(value) && Number.isInteger(value.code) && typeof value.message === 'string';
}

function invalid(reason: string): McpError {
  return McpError.invalidRequest(`Invalid request: ${reason}`);
}
