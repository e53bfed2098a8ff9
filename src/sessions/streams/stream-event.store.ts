/**
 * One event of a resumable stream. `data` is the JSON text of the message as it went on the wire
 * (serialized once), `null` for the priming event (seq 0) and for the marker that ends the stream.
 */
export interface StreamEventRecord {
  readonly sessionId: string;
  readonly streamId: string;
  readonly seq: number;
  readonly data: string | null;
}

export interface StoredStreamEvent {
  readonly seq: number;
  readonly data: string;
}

/** What a resumption may send: the events after the client's position, in order. */
export interface StreamReplay {
  readonly events: readonly StoredStreamEvent[];
  /** The end marker was among the events read: nothing will follow. */
  readonly ended: boolean;
  /** More events follow than one replay may carry (the client resumes again from the last). */
  readonly truncated: boolean;
}

/**
 * Durable events of resumable SSE streams (`stream_events`). Abstract class = DI token.
 * `append` only queues; writes go out in batches (group commit).
 */
export abstract class StreamEventStore {
  /**
   * Queues `event`. The promise settles once the batch holding it is written, or failed (logged;
   * the event is then only lost for resumption), and never rejects. Every event of one batch
   * gets the same promise, so a stream waits once per batch, not once per event.
   */
  abstract append(event: StreamEventRecord): Promise<void>;

  /** Settles once everything queued so far is written (shutdown). */
  abstract flush(): Promise<void>;

  /**
   * The written events of `streamId` after `afterSeq`, at most `limit`. `undefined` when the
   * stream is not `sessionId`'s, or the event at `afterSeq` is gone (expired or trimmed): resuming
   * from there would silently skip events, so it is refused like a foreign stream.
   */
  abstract replay(
    sessionId: string,
    streamId: string,
    afterSeq: number,
    limit: number,
  ): Promise<StreamReplay | undefined>;
}
