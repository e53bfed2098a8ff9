import type { MessageSink } from '../../protocol/context/message-sink.js';
import type { JsonRpcMessage } from '../../protocol/json-rpc/json-rpc.types.js';
import type { SseEventWriter } from './sse-event-writer.js';
import { newStreamId, streamEventId } from './stream-event-id.js';
import type { StoredStreamEvent, StreamEventStore } from './stream-event.store.js';
import { MAX_EVENTS_PER_STREAM, SSE_RETRY_MS } from './stream-limits.js';

/** What a stream tells the registry that keeps it (`ResumableStreams`). */
export interface StreamKeeper {
  /**
   * The stream changed (events written, or its response went away) while no response of this
   * instance carries it: a resumption that another instance serves should read it again.
   */
  announce(stream: ResumableStream): void;
  /** The end marker is written: the stream is complete in the database. */
  settled(stream: ResumableStream): void;
}

/** The events of one store batch; they go on the wire together once it is written. */
interface PendingBatch {
  readonly written: Promise<void>;
  upTo: number;
}

/**
 * One logical SSE stream of a session (a POST's response stream or the GET stream), which
 * outlives the HTTP response carrying it (transports §Resumability and Redelivery): every message
 * gets the id `<streamId>:<seq>`, is recorded in {@link StreamEventStore} and kept in a bounded
 * in-memory tail. An event goes on the wire only once its row is written, so any id a client
 * holds — the priming id included — can be resumed on any instance; the wait is one group
 * commit. When the response closes the stream is detached, not ended: messages keep being
 * recorded until a GET with `Last-Event-ID` attaches a new response here, or follows them from
 * the database elsewhere.
 */
export class ResumableStream implements MessageSink {
  readonly id = newStreamId();
  /** The last seq recorded. */
  private seq = 0;
  /** The last seq written to the database (-1: not even the priming event). */
  private durable = 0;
  /** The last seq the attached response got (-1: not even the priming event). */
  private sent = 0;
  private writer: SseEventWriter | undefined;
  private readonly tail: StoredStreamEvent[] = [];
  private batch: PendingBatch | undefined;
  private endSeq: number | undefined;
  /** SEP-1699: the attached response closes once it got this seq. */
  private closeAfter: number | undefined;
  private primed = false;
  private detachedAt = Date.now();

  constructor(
    readonly sessionId: string,
    private readonly store: StreamEventStore,
    private readonly keeper: StreamKeeper,
  ) {}

  /**
   * Puts the first response on the stream. `prime` (2025-11-25): the priming event — an id and
   * empty data, plus `retry` — goes first, so the client can resume even before any message.
   */
  open(writer: SseEventWriter, prime: boolean): void {
    this.writer = writer;
    if (!prime) return;
    this.primed = true;
    this.durable = this.sent = -1;
    this.record(0, null);
  }

  send(message: JsonRpcMessage): boolean {
    if (this.endSeq !== undefined) return false;
    const seq = ++this.seq;
    const data = JSON.stringify(message);
    this.tail.push({ seq, data });
    this.trimTail();
    this.record(seq, data);
    return true;
  }

  /**
   * Whether a client may resume after `afterSeq`: an id it was sent (a later one was never
   * minted) whose successors are all still in the tail.
   */
  resumableAfter(afterSeq: number): boolean {
    const oldest = this.tail[0]?.seq ?? this.seq + 1;
    return afterSeq >= (this.primed ? 0 : 1) && afterSeq <= this.durable && afterSeq >= oldest - 1;
  }

  /**
   * Attaches a reconnected response, which gets what followed `afterSeq` (checked with
   * {@link resumableAfter}) and then the live events. A response still attached is ended: its
   * client has left it for this one.
   */
  attach(writer: SseEventWriter, afterSeq: number): void {
    const previous = this.writer;
    this.writer = writer;
    this.sent = afterSeq;
    this.closeAfter = undefined;
    previous?.end();
    this.deliver();
  }

  /** The response went away (or the server closed it for polling): keep recording. */
  detach(writer: SseEventWriter): void {
    if (this.writer !== writer) return;
    this.writer = undefined;
    this.closeAfter = undefined;
    this.detachedAt = Date.now();
    this.keeper.announce(this);
  }

  /**
   * Closes the attached response once it got what was recorded so far (SEP-1699 polling); the
   * client resumes with GET. Only a primed stream may be closed early: before 2025-11-25 the
   * client has no `retry` and maybe no id to resume from, and the server SHOULD NOT close before
   * the response.
   */
  closeConnection(): void {
    if (this.writer === undefined || !this.primed) return;
    this.closeAfter = this.seq;
    this.deliver();
  }

  /** After the last message: records the end marker; the response ends once it is written. */
  end(): void {
    if (this.endSeq !== undefined) return;
    this.endSeq = ++this.seq;
    this.record(this.endSeq, null);
  }

  /** Detached for longer than `ms`: its events have expired, nobody can resume it any more. */
  abandonedFor(ms: number, now: number): boolean {
    return this.writer === undefined && now - this.detachedAt > ms;
  }

  private record(seq: number, data: string | null): void {
    const written = this.store.append({ sessionId: this.sessionId, streamId: this.id, seq, data });
    if (this.batch?.written === written) {
      this.batch.upTo = seq;
      return;
    }
    const batch: PendingBatch = { written, upTo: seq };
    this.batch = batch;
    void written.then(() => this.written(batch.upTo));
  }

  private written(upTo: number): void {
    this.durable = Math.max(this.durable, upTo);
    if (this.writer?.isOpen === true) this.deliver();
    else this.keeper.announce(this);
    if (this.endSeq !== undefined && this.durable >= this.endSeq) this.keeper.settled(this);
  }

  /** Sends the attached response the written events it has not had, in order. */
  private deliver(): void {
    const writer = this.writer;
    if (writer === undefined) return;
    if (this.sent < 0) {
      if (this.durable < 0) return;
      writer.prime(streamEventId(this.id, 0), SSE_RETRY_MS);
      this.sent = 0;
    }
    const oldest = this.tail[0]?.seq ?? 0;
    for (let index = Math.max(0, this.sent + 1 - oldest); ; index++) {
      const event = this.tail[index];
      if (event === undefined || event.seq > this.durable) break;
      writer.event('message', event.data, streamEventId(this.id, event.seq));
      this.sent = event.seq;
    }
    if (this.endSeq !== undefined && this.durable >= this.endSeq) {
      this.writer = undefined;
      writer.end();
    } else if (this.closeAfter !== undefined && this.sent >= this.closeAfter) {
      this.detach(writer);
      writer.end();
    }
  }

  /** Bounds the tail, but never drops an event the attached response has not had yet. */
  private trimTail(): void {
    while (this.tail.length > MAX_EVENTS_PER_STREAM) {
      const oldest = this.tail[0];
      if (oldest === undefined || (this.writer !== undefined && oldest.seq > this.sent)) return;
      this.tail.shift();
    }
  }
}
