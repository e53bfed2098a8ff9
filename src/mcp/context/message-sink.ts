import type { JsonRpcMessage } from '../json-rpc/json-rpc.types.js';

/**
 * Where server→client messages go: the SSE stream of the POST that carried the request, the
 * session's GET stream, the legacy `/sse` stream or stdout. A sink that can no longer deliver
 * (stream closed) returns `false`; callers treat that as "client gone", never as an error.
 */
export interface MessageSink {
  send(message: JsonRpcMessage): boolean;
}

export const NULL_SINK: MessageSink = { send: () => false };
