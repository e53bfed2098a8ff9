import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';

/** Results standing for a run that threw or timed out, by identity (only failures are marked). */
const FAILED_RUNS = new WeakSet<JsonObject>();

/** An `isError` result the server writes (tools §Error handling: tool execution errors). */
export function errorResult(text: string): JsonObject {
  return { content: [{ type: 'text', text }], isError: true };
}

/**
 * The `isError` result of a handler that threw or timed out: unlike an `isError` result the
 * tool returned, it is not kept for retries under an idempotency key (docs/approvals.md
 * "Idempotent retries"), so a retry runs again.
 */
export function failedRunResult(text: string): JsonObject {
  const result = errorResult(text);
  FAILED_RUNS.add(result);
  return result;
}

export function isFailedRun(result: JsonObject): boolean {
  return FAILED_RUNS.has(result);
}
