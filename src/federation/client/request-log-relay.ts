import { AsyncLocalStorage } from 'node:async_hooks';

import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';

/** Receives the `notifications/message` params an upstream sent while answering one request. */
export type RequestLogListener = (params: JsonObject) => void;

const listeners = new AsyncLocalStorage<RequestLogListener>();

/**
 * Runs `send` with `listener` as the receiver of the log messages the upstream sends on the
 * streams answering the requests `send` makes. On Streamable HTTP, a message sent on the stream
 * of a POST is related to that POST's request (MCP basic/transports, "Sending Messages to the
 * Server"); the SDK client hands every notification to one handler whatever stream carried it,
 * so the relation is kept here, below it, where the stream is read (`readSseAnswer`).
 */
export function relayingRequestLogs<T>(listener: RequestLogListener | undefined, send: () => T): T {
  return listener === undefined ? send() : listeners.run(listener, send);
}

/** The receiver of the request being sent now, if its caller asked for its log messages. */
export function requestLogListener(): RequestLogListener | undefined {
  return listeners.getStore();
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
