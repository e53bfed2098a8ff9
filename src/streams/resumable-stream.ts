import type { MessageSink } from '../mcp/context/message-sink.js';
import type { JsonRpcMessage } from '../mcp/json-rpc/json-rpc.types.js';
import type { SseEventWriter } from './sse-event-writer.js';
import { newStreamId, streamEventId } from './stream-event-id.js';
import type { StoredStreamEvent, StreamEventStore } from './stream-event.store.js';
import { MAX_EVENTS_PER_STREAM, SSE_RETRY_MS } from './stream-limits.js';

/**
 * One logical SSE stream of a session (a POST's response stream or the GET stream), which
 * outlives the HTTP response carrying it (transports §Resumability and Redelivery): every message
 * gets the id `<streamId>:<seq>`, is queued to {@link StreamEventStore} and kept in a bounded
 * in-memory tail, and goes to the attached response if there is one. When the response closes
 * the stream is detached, not ended: messages keep being recorded until a GET with
 * `Last-Event-ID` attaches a new response here, or replays them from the database elsewhere.
 */
export class ResumableStream implements MessageSink {
  readonly id = newStreamId();
  private seq = 0;
  private writer: SseEventWriter | undefined;
  private readonly tail: StoredStreamEvent[] = [];
  private endedValue = false;
  private primed = false;
  private detachedAt = Date.now();

  constructor(
    readonly sessionId: string,
    private readonly store: StreamEventStore,
    private readonly onEnded: (stream: ResumableStream) => void,
  ) {}

  /**
   * Puts the first response on the stream. `prime` (2025-11-25): the priming event — an id and
   * empty data, plus `retry` — goes first, so the client can resume even before any message.
   */
  open(writer: SseEventWriter, prime: boolean): void {
    this.writer = writer;
    if (!prime) return;
    this.primed = true;
    writer.prime(streamEventId(this.id, 0), SSE_RETRY_MS);
    this.store.append({ sessionId: this.sessionId, streamId: this.id, seq: 0, data: null });
  }

  send(message: JsonRpcMessage): boolean {
    if (this.endedValue) return false;
    const seq = ++this.seq;
    const data = JSON.stringify(message);
    this.store.append({ sessionId: this.sessionId, streamId: this.id, seq, data });
    this.tail.push({ seq, data });
    if (this.tail.length > MAX_EVENTS_PER_STREAM) this.tail.shift();
    this.writer?.event('message', data, streamEventId(this.id, seq));
    return true;
  }

  /**
   * Attaches a reconnected response after replaying from memory what followed `afterSeq`.
   * `false` when that position has left the tail (the caller refuses the resumption).
   */
  resume(writer: SseEventWriter, afterSeq: number): boolean {
    const oldest = this.tail[0]?.seq ?? this.seq + 1;
    if (afterSeq > this.seq || afterSeq < oldest - 1) return false;
    for (const { seq, data } of this.tail) {
      if (seq > afterSeq) writer.event('message', data, streamEventId(this.id, seq));
    }
    if (this.endedValue) {
      writer.end();
    } else {
      this.writer?.end();
      this.writer = writer;
    }
    return true;
  }

  /** The response went away (or the server closed it for polling): keep recording. */
  detach(writer: SseEventWriter): void {
    if (this.writer !== writer) return;
    this.writer = undefined;
    this.detachedAt = Date.now();
  }

  /**
   * Closes the attached response now (SEP-1699 polling); the client resumes with GET. Only a
   * primed stream may be closed early: before 2025-11-25 the client has no `retry` and maybe no
   * id to resume from, and the server SHOULD NOT close before the response.
   */
  closeConnection(): void {
    const { writer } = this;
    if (writer === undefined || !this.primed) return;
    this.detach(writer);
    writer.end();
  }

  /** After the last message: records the end marker and ends the attached response. */
  end(): void {
    if (this.endedValue) return;
    this.endedValue = true;
    this.store.append({
      sessionId: this.sessionId,
      streamId: this.id,
      seq: ++this.seq,
      data: null,
    });
    this.writer?.end();
    this.writer = undefined;
    this.onEnded(this);
  }

  get ended(): boolean {
    return this.endedValue;
  }

  /** Detached for longer than `ms`: its events have expired, nobody can resume it any more. */
  abandonedFor(ms: number, now: number): boolean {
    return this.writer === undefined && now - this.detachedAt > ms;
  }
}
