import type { IncomingMessage } from 'node:http';
import { PassThrough, Transform, type Readable } from 'node:stream';

import { relayIfLogMessage, type RequestLogListener } from './request-log-relay.js';
import { SseEvents, type SseEvent } from './sse-events.js';

/** What a POST's `text/event-stream` answer turned out to be. */
export type SseAnswer =
  /** Its first message was the JSON-RPC response: the answer is that message alone. */
  | { readonly kind: 'response'; readonly json: string }
  /** Anything else: the stream as it came, from its first byte. */
  | { readonly kind: 'stream'; readonly body: Readable };

/**
 * Reads the start of the SSE stream a Streamable HTTP server answers a POST with (MCP
 * basic/transports, "Sending Messages to the Server"). Most answers to a request are one event,
 * the response, after which the server closes the stream: such an answer means exactly what the
 * same response sent as `application/json` means, and reading it that way spares the SDK client
 * its web-stream pipeline (docs/federation-client.md "Performance"). Only that case is reduced:
 * events without data before the response (a resumability priming event) are skipped, as the
 * SDK would (a resumption token matters only while no response has arrived); a notification or
 * request first, a `retry` field, a named event, a stream that ends or fails before its response
 * — all hand the SDK the untouched stream, so progress, server requests and reconnection behave
 * as the SDK implements them. `onLog` receives the log messages on the stream (the request's own,
 * see `relayRequestLogs`).
 */
export function readSseAnswer(
  response: IncomingMessage,
  onLog?: RequestLogListener,
): Promise<SseAnswer> {
  return new Promise((resolve) => {
    const seen: Buffer[] = [];
    const events = new SseEvents();
    const relay = (event: SseEvent) => {
      if (onLog !== undefined && event.kind === 'data') relayIfLogMessage(event.data, onLog);
    };
    const stop = () => {
      response.off('data', onData);
      response.off('end', asStream);
      response.off('error', asStream);
    };
    const asStream = () => {
      stop();
      // Events already complete in what was read are relayed before the rest arrives.
      for (const event of events.push(NOTHING)) relay(event);
      const body =
        onLog === undefined
          ? new PassThrough()
          : new Transform({
              transform(chunk: Buffer, _encoding, done) {
                for (const event of events.push(chunk)) relay(event);
                done(null, chunk);
              },
            });
      // What was read so far goes out as it came; it is not read for events a second time.
      for (const chunk of seen) body.push(chunk);
      if (response.readableEnded) body.end();
      else {
        response.on('error', (error) => body.destroy(error));
        response.pipe(body);
      }
      resolve({ kind: 'stream', body });
    };
    const onData = (chunk: Buffer) => {
      seen.push(chunk);
      for (const event of events.push(chunk)) {
        if (event.kind === 'empty') continue;
        relay(event);
        if (event.kind === 'other' || !isResponse(event.data)) return asStream();
        stop();
        // The rest of the stream (normally nothing) is read and dropped, so the socket is kept.
        response.resume();
        return resolve({ kind: 'response', json: event.data });
      }
    };
    response.on('data', onData);
    response.once('end', asStream);
    response.once('error', asStream);
  });
}

const NOTHING = Buffer.alloc(0);

/** A JSON-RPC response (a result or an error, never a request or notification). */
function isResponse(data: string): boolean {
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return false;
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return false;
  return 'id' in message && !('method' in message) && ('result' in message || 'error' in message);
}
