import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';

/** Results that stand for no completed run, by identity (only those are marked). */
const TRANSIENT = new WeakSet<JsonObject>();

/** An `isError` result the server writes (tools §Error handling: tool execution errors). */
export function errorResult(text: string): JsonObject {
  return { content: [{ type: 'text', text }], isError: true };
}

/**
 * Marks `result` as standing for no completed run: a handler that threw or timed out, a call
 * waiting for approval, a call the user declined. Unlike a result the tool returned, it is not
 * kept for retries under an idempotency key (docs/approvals.md "Idempotent retries"), so a retry
 * runs (or asks) again.
 */
export function transientResult(result: JsonObject): JsonObject {
  TRANSIENT.add(result);
  return result;
}

/** The `isError` result of a handler that threw or timed out ({@link transientResult}). */
export function failedRunResult(text: string): JsonObject {
  return transientResult(errorResult(text));
}

export function isTransient(result: JsonObject): boolean {
  return TRANSIENT.has(result);
}
