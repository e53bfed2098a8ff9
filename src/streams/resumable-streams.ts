import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';

import { ResumableStream } from './resumable-stream.js';
import type { SseEventWriter } from './sse-event-writer.js';
import { parseStreamEventId, streamEventId } from './stream-event-id.js';
import { StreamEventStore, type StreamReplay } from './stream-event.store.js';
import {
  MAX_REPLAY_EVENTS,
  REMOTE_POLL_MS,
  STREAM_EVENT_MAX_AGE_MS,
  STREAM_PRUNE_INTERVAL_MS,
} from './stream-limits.js';

/**
 * The resumable streams of this instance, and resumption by `Last-Event-ID` (transports
 * §Resumability and Redelivery). A stream still alive here is resumed from memory and the new
 * response is attached to it; any other stream of the session is replayed from Postgres, so a
 * client may reconnect to any instance, which then follows the stream by polling the table until
 * its end marker (simpler than a notification per event, and bounded to resumed streams only).
 * A replay carries at most {@link MAX_REPLAY_EVENTS} events; the response then ends and the
 * client resumes again from the last id it got.
 */
@Injectable()
export class ResumableStreams implements OnModuleDestroy {
  private readonly logger = new Logger(ResumableStreams.name);
  private readonly live = new Map<string, ResumableStream>();
  private readonly followers = new Set<NodeJS.Timeout>();
  private readonly sweeper = setInterval(() => this.sweep(), STREAM_PRUNE_INTERVAL_MS).unref();

  constructor(private readonly store: StreamEventStore) {}

  create(sessionId: string): ResumableStream {
    const stream = new ResumableStream(sessionId, this.store, (ended) =>
      this.live.delete(ended.id),
    );
    this.live.set(stream.id, stream);
    return stream;
  }

  /**
   * Resumes the stream `lastEventId` names for `sessionId`. `open` starts the response and is
   * called only once the resumption is accepted. `undefined` = refused, nothing was written:
   * an id we did not mint, another session's stream, or a position that expired. Otherwise the
   * stream resumed (the live one when it is on this instance).
   */
  async resume(
    sessionId: string,
    lastEventId: string,
    open: () => SseEventWriter,
  ): Promise<ResumableStream | 'replayed' | undefined> {
    const position = parseStreamEventId(lastEventId);
    if (position === undefined) return undefined;
    const local = this.live.get(position.streamId);
    if (local !== undefined) {
      if (local.sessionId !== sessionId) return undefined;
      return local.resume(open(), position.seq) ? local : undefined;
    }
    const replay = await this.store.replay(
      sessionId,
      position.streamId,
      position.seq,
      MAX_REPLAY_EVENTS,
    );
    if (replay === undefined) return undefined;
    const writer = open();
    const last = this.write(writer, position.streamId, position.seq, replay);
    if (last !== undefined) this.follow(writer, sessionId, position.streamId, last);
    return 'replayed';
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
    for (const timer of this.followers) clearTimeout(timer);
    this.followers.clear();
  }

  /** Writes a replay; the seq to continue after, or `undefined` when the response has ended. */
  private write(
    writer: SseEventWriter,
    streamId: string,
    afterSeq: number,
    replay: StreamReplay,
  ): number | undefined {
    let last = afterSeq;
    for (const { seq, data } of replay.events) {
      writer.event('message', data, streamEventId(streamId, seq));
      last = seq;
    }
    if (!replay.ended && !replay.truncated && writer.isOpen) return last;
    writer.end();
    return undefined;
  }

  /** Another instance holds the stream: poll its events until it ends or the client leaves. */
  private follow(writer: SseEventWriter, sessionId: string, streamId: string, after: number): void {
    const timer = setTimeout(() => {
      this.followers.delete(timer);
      if (!writer.isOpen) return;
      this.store.replay(sessionId, streamId, after, MAX_REPLAY_EVENTS).then(
        (replay) => {
          if (replay === undefined) return writer.end();
          const last = this.write(writer, streamId, after, replay);
          if (last !== undefined) this.follow(writer, sessionId, streamId, last);
        },
        (error: unknown) => {
          this.logger.warn(`following stream ${streamId} failed: ${String(error)}`);
          writer.end();
        },
      );
    }, REMOTE_POLL_MS);
    this.followers.add(timer);
  }

  /** Streams detached for longer than their events live can never be resumed: end them. */
  private sweep(): void {
    const now = Date.now();
    for (const stream of [...this.live.values()]) {
      if (stream.abandonedFor(STREAM_EVENT_MAX_AGE_MS, now)) stream.end();
    }
  }
}
