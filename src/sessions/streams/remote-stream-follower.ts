import { Logger } from '@nestjs/common';

import type { SseEventWriter } from './sse-event-writer.js';
import type { StreamPosition } from './stream-event-id.js';
import { streamEventId } from './stream-event-id.js';
import type { StreamEventStore, StreamReplay } from './stream-event.store.js';
import { FOLLOW_FALLBACK_MS, MAX_REPLAY_EVENTS } from './stream-limits.js';

/**
 * A resumption of a stream this instance does not hold: its events are read from the database
 * after the client's position, then read again whenever the instance that holds the stream
 * announces new ones ({@link wake}), one read at a time, each continuing after the last event
 * sent, so nothing is sent twice. It ends with the stream's end marker or when the client
 * leaves ({@link stop}). If the stream's instance died, no end marker comes: the response stays
 * open (heartbeats keep it, and a session that ends or expires ends it) until the events expire
 * — a silent stream is resumable for that long, as on its own instance — and then ends; the
 * client's next resumption is refused. Nothing else could tell the client more: the spec gives
 * the server no way to fail a request whose response stream it cannot finish.
 */
export class RemoteStreamFollower {
  private static readonly logger = new Logger(RemoteStreamFollower.name);
  private writer: SseEventWriter | undefined;
  private after: number;
  private reading = false;
  /** A notice came during a read, or a read was cut short: read again right after it. */
  private again = false;
  private fallback: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly store: StreamEventStore,
    readonly sessionId: string,
    private readonly position: StreamPosition,
    private readonly onStopped: (follower: RemoteStreamFollower) => void,
  ) {
    this.after = position.seq;
  }

  get streamId(): string {
    return this.position.streamId;
  }

  /**
   * The first read decides: `false` when the position is refused (another session's stream, or
   * an expired position); nothing was written and the follower is stopped. Otherwise `open`
   * starts the response (it may throw: the follower is then stopped and nothing was written).
   */
  async start(open: () => SseEventWriter): Promise<boolean> {
    try {
      const replay = await this.read();
      if (replay === undefined) {
        this.stop();
        return false;
      }
      this.writer = open();
      this.apply(replay);
    } catch (error) {
      this.stop();
      throw error;
    }
    this.continue();
    return true;
  }

  /** The stream's instance announced a change. */
  wake(): void {
    this.again = true;
    if (this.writer !== undefined && !this.reading && !this.stopped) void this.follow();
  }

  /** The client left (or this instance shuts down): no more reads. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.fallback);
    this.onStopped(this);
  }

  /** Ends the response, then stops. */
  finish(): void {
    this.writer?.end();
    this.stop();
  }

  private async follow(): Promise<void> {
    clearTimeout(this.fallback);
    this.reading = true;
    try {
      while (!this.stopped && this.again) {
        this.again = false;
        const replay = await this.read();
        if (this.stopped) return;
        // The position expired meanwhile (the stream was silent for the events' lifetime).
        if (replay === undefined) this.finish();
        else this.apply(replay);
      }
    } catch (error) {
      RemoteStreamFollower.logger.warn(
        `following stream ${this.streamId} failed: ${String(error)}`,
      );
      this.finish();
    } finally {
      this.reading = false;
    }
    this.continue();
  }

  /** After a read: read again at once if asked to, else wait for a notice or the fallback. */
  private continue(): void {
    if (this.stopped) return;
    if (this.again) {
      void this.follow();
      return;
    }
    this.fallback = setTimeout(() => this.wake(), FOLLOW_FALLBACK_MS).unref();
  }

  private read(): Promise<StreamReplay | undefined> {
    return this.store.replay(this.sessionId, this.streamId, this.after, MAX_REPLAY_EVENTS);
  }

  private apply(replay: StreamReplay): void {
    const writer = this.writer;
    if (writer === undefined) return;
    for (const { seq, data } of replay.events) {
      writer.event('message', data, streamEventId(this.streamId, seq));
      this.after = seq;
    }
    if (replay.ended || !writer.isOpen) this.finish();
    else if (replay.truncated) this.again = true;
  }
}
