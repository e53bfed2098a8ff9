import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

import type { MessageSink } from '../../protocol/context/message-sink.js';
import type { JsonRpcMessage } from '../../protocol/json-rpc/json-rpc.types.js';

/**
 * Response headers of every SSE stream: `no-cache` so no proxy stores it, `X-Accel-Buffering: no`
 * so nginx-style proxies pass each event on at once (transports §Streamable HTTP, 2026-07-28 text).
 */
export const SSE_HEADERS = Object.freeze({
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache',
  'X-Accel-Buffering': 'no',
});

/**
 * A `text/event-stream` response (WHATWG HTML §9.2). Each JSON-RPC message is one
 * `event: message` whose single `data:` line is the JSON text: `JSON.stringify` escapes every
 * newline, so no message can break the framing.
 */
export class SseStream implements MessageSink {
  private ended = false;

  constructor(private readonly res: ServerResponse) {
    res.once('close', () => {
      this.ended = true;
    });
  }

  /** Sends the status line and headers now, so the client sees the stream open. */
  open(headers?: OutgoingHttpHeaders): void {
    this.res.writeHead(200, headers === undefined ? SSE_HEADERS : { ...SSE_HEADERS, ...headers });
    this.res.flushHeaders();
  }

  /** `false` once the client is gone or the stream ended: callers treat it as "not delivered". */
  send(message: JsonRpcMessage): boolean {
    return this.event('message', JSON.stringify(message));
  }

  /**
   * One named event; `data` must hold no line break (JSON text never does). `id` makes the event
   * a resumption point (transports §Resumability and Redelivery).
   */
  event(name: string, data: string, id?: string): boolean {
    if (!this.isOpen) return false;
    this.res.write(
      id === undefined
        ? `event: ${name}\ndata: ${data}\n\n`
        : `id: ${id}\nevent: ${name}\ndata: ${data}\n\n`,
    );
    return true;
  }

  /**
   * The 2025-11-25 priming event (transports §Resumability): an id and empty data, so the client
   * has a resumption point before any message, and `retry` (ms) so it waits that long before
   * reconnecting once the server closes the stream.
   */
  prime(id: string, retryMs: number): boolean {
    if (!this.isOpen) return false;
    this.res.write(`id: ${id}\nretry: ${retryMs}\ndata: \n\n`);
    return true;
  }

  /** A comment line: ignored by clients, keeps proxies and idle timers from closing the stream. */
  comment(text: string): boolean {
    if (!this.isOpen) return false;
    this.res.write(`: ${text}\n\n`);
    return true;
  }

  end(): void {
    if (!this.isOpen) return;
    this.ended = true;
    this.res.end();
  }

  get isOpen(): boolean {
    return !this.ended && !this.res.destroyed && !this.res.writableEnded;
  }
}
