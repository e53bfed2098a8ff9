import { StringDecoder } from 'node:string_decoder';

/** One event of a `text/event-stream`, as far as the upstream client cares. */
export type SseEvent =
  /** A message event's data (its lines joined by `\n`). */
  | { readonly kind: 'data'; readonly data: string }
  /** No data: nothing is delivered (SSE, "Dispatching an event"). */
  | { readonly kind: 'empty' }
  /** An event left to the SDK as it is: a `retry` field, a named event. */
  | { readonly kind: 'other' };

/** The events of a stream read chunk by chunk (HTML Living Standard, "Server-sent events"). */
export class SseEvents {
  private readonly decoder = new StringDecoder('utf8');
  private text = '';

  /** The events `chunk` completes, in order (an empty chunk: those already complete). */
  *push(chunk: Buffer): Generator<SseEvent> {
    this.text += this.decoder.write(chunk);
    for (let end = eventEnd(this.text); end !== undefined; end = eventEnd(this.text)) {
      const block = this.text.slice(0, end.start);
      this.text = this.text.slice(end.after);
      yield parseEvent(block);
    }
  }
}

/** Where the first complete event of `text` ends: the blank line after it. */
function eventEnd(text: string): { start: number; after: number } | undefined {
  const match = /\r\n\r\n|\n\n|\r\r|\r\n\n|\n\r\n/.exec(text);
  return match === null ? undefined : { start: match.index, after: match.index + match[0].length };
}

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
