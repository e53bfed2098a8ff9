import type { JsonRpcMessage } from '../json-rpc/json-rpc.types.js';

/**
 * Where server→client messages go: the SSE stream of the POST that carried the request, the
 * session's GET stream, the legacy `/sse` stream or stdout. A sink that can no longer deliver
 * (stream closed) returns `false`; callers treat that as "client gone", never as an error.
 */
export interface MessageSink {
  send(message: JsonRpcMessage): boolean;
  /**
   * SEP-1699 polling (2025-11-25 transports §Resumability): close the connection carrying this
   * sink now; later messages are recorded and reach the client when it resumes with GET and
   * `Last-Event-ID`. Absent on sinks that cannot be resumed.
   */
  closeConnection?(): void;
}

export const NULL_SINK: MessageSink = { send: () => false };
