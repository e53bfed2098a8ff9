import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

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
 * as the SDK implements them.
 */
export function readSseAnswer(response: IncomingMessage): Promise<SseAnswer> {
  return new Promise((resolve) => {
    const seen: Buffer[] = [];
    const decoder = new StringDecoder('utf8');
    let text = '';
    const stop = () => {
      response.off('data', onData);
      response.off('end', asStream);
      response.off('error', asStream);
    };
    const asStream = () => {
      stop();
      const body = new PassThrough();
      for (const chunk of seen) body.write(chunk);
      if (response.readableEnded) body.end();
      else {
        response.on('error', (error) => body.destroy(error));
        response.pipe(body);
      }
      resolve({ kind: 'stream', body });
    };
    const onData = (chunk: Buffer) => {
      seen.push(chunk);
      text += decoder.write(chunk);
      for (let end = eventEnd(text); end !== undefined; end = eventEnd(text)) {
        const event = parseEvent(text.slice(0, end.start));
        text = text.slice(end.after);
        if (event.kind === 'empty') continue;
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

/** Where the first complete event of `text` ends: the blank line after it (SSE, "Parsing"). */
function eventEnd(text: string): { start: number; after: number } | undefined {
  const match = /\r\n\r\n|\n\n|\r\r|\r\n\n|\n\r\n/.exec(text);
  return match === null ? undefined : { start: match.index, after: match.index + match[0].length };
}

/** One event block, as far as this reader cares. */
type SseEvent =
  /** A message event's data (its lines joined by `\n`). */
  | { readonly kind: 'data'; readonly data: string }
  /** No data: nothing is delivered (SSE, "Dispatching an event"). */
  | { readonly kind: 'empty' }
  /** An event this reader leaves to the SDK: a `retry` field, a named event. */
  | { readonly kind: 'other' };

function parseEvent(block: string): SseEvent {
  let data: string | undefined;
  for (const line of block.split(/\r\n|\r|\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
    else if (field === 'retry' || (field === 'event' && value !== 'message')) {
      return { kind: 'other' };
    }
  }
  return data === undefined || data === '' ? { kind: 'empty' } : { kind: 'data', data };
}

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
