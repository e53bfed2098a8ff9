import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';

/** Receives the `notifications/message` params an upstream sent while answering one request. */
export type RequestLogListener = (params: JsonObject) => void;

/**
 * The request header that names a request's listener on its way from the SDK client down to
 * `httpFetch`, which takes it off: it is never sent. A header, because the SDK hands the
 * per-request `headers` of its request options to the transport and the transport to our fetch;
 * an `AsyncLocalStorage` would carry the listener too, but running one turns on promise hooks
 * for every promise of the process on Node 20, a cost every call would pay.
 */
export const LOG_RELAY_HEADER = 'x-mcp-federation-log-relay';

const listeners = new Map<string, RequestLogListener>();
let lastId = 0;

/**
 * Makes `listener` the receiver of the log messages the upstream sends on the streams answering
 * the requests sent with `headers`, until `release()`. On Streamable HTTP, a message sent on the
 * stream of a POST is related to that POST's request (MCP basic/transports, "Sending Messages to
 * the Server"); the SDK client hands every notification to one handler whatever stream carried
 * it, so the relation is kept here, below it, where the stream is read (`readSseAnswer`).
 */
export function relayRequestLogs(listener: RequestLogListener): {
  readonly headers: Readonly<Record<string, string>>;
  release(): void;
} {
  const id = String((lastId += 1));
  listeners.set(id, listener);
  return { headers: { [LOG_RELAY_HEADER]: id }, release: () => void listeners.delete(id) };
}

/** Takes the relay header off `headers` (lower-cased names) and returns its listener, if any. */
export function takeRequestLogListener(
  headers: Record<string, string>,
): RequestLogListener | undefined {
  const id = headers[LOG_RELAY_HEADER];
  if (id === undefined) return undefined;
  delete headers[LOG_RELAY_HEADER];
  return listeners.get(id);
}

/** Hands `data` (one SSE event's data) to `listener` when it is a `notifications/message`. */
export function relayIfLogMessage(data: string, listener: RequestLogListener): void {
  // Most events are progress or the response: a cheap look before parsing.
  if (!data.includes('"notifications/message"')) return;
  try {
    const message = JSON.parse(data) as unknown;
    if (!isObject(message) || message['method'] !== 'notifications/message') return;
    const params = message['params'];
    if (isObject(params)) listener(params);
  } catch {
    // Not JSON: the SDK reports it when it reads the same event.
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
