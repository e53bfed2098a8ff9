import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { ChangeBus } from '../../events/change-bus.js';
import { RemoteStreamFollower } from './remote-stream-follower.js';
import { ResumableStream, type StreamKeeper } from './resumable-stream.js';
import type { SseEventWriter } from './sse-event-writer.js';
import { parseStreamEventId } from './stream-event-id.js';
import { StreamEventStore } from './stream-event.store.js';
import {
  MAX_ANNOUNCED_STREAMS,
  STREAM_EVENT_MAX_AGE_MS,
  ABANDONED_STREAM_SWEEP_MS,
} from './stream-limits.js';

/**
 * Announced on the ChangeBus with `{ streams: [id, …] }` when streams that no response of the
 * announcing instance carries changed: resumptions other instances serve read them again.
 */
export const STREAMS_APPENDED_CHANNEL = 'streams.appended';

/**
 * The resumable streams of this instance, and resumption by `Last-Event-ID` (transports
 * §Resumability and Redelivery). A stream this instance holds is resumed from memory and the new
 * response attached to it. Any other stream of the session is read from Postgres and followed
 * ({@link RemoteStreamFollower}), so a client may reconnect to any instance: the instance that
 * holds a stream announces on the ChangeBus (LISTEN/NOTIFY) when it changes while its client is
 * away, and the follower reads the new events then. Announcing only detached streams keeps the
 * notices off the common path, where the client reads its stream where it was opened.
 */
@Injectable()
export class ResumableStreams implements StreamKeeper, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ResumableStreams.name);
  private readonly live = new Map<string, ResumableStream>();
  private readonly followers = new Map<string, Set<RemoteStreamFollower>>();
  /** Streams to announce with the next notice (one per event-loop turn). */
  private readonly announced = new Set<string>();
  private readonly sweeper = setInterval(() => this.sweep(), ABANDONED_STREAM_SWEEP_MS).unref();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: StreamEventStore,
    private readonly bus: ChangeBus,
  ) {}

  create(sessionId: string): ResumableStream {
    const stream = new ResumableStream(sessionId, this.store, this);
    this.live.set(stream.id, stream);
    return stream;
  }

  /**
   * Resumes the stream `lastEventId` names for `sessionId`. `open` starts the response and is
   * called only once the resumption is accepted, with `remote` when the stream is followed from
   * the database; it may throw (a cap), and then nothing was written. `undefined` = refused,
   * nothing was written: an id we did not mint, another session's stream, or a position that
   * expired. Otherwise what serves the response: the live stream, or its follower.
   */
  async resume(
    sessionId: string,
    lastEventId: string,
    open: (remote: boolean) => SseEventWriter,
  ): Promise<ResumableStream | RemoteStreamFollower | undefined> {
    const position = parseStreamEventId(lastEventId);
    if (position === undefined) return undefined;
    const local = this.live.get(position.streamId);
    if (local !== undefined) {
      if (local.sessionId !== sessionId || !local.resumableAfter(position.seq)) return undefined;
      local.attach(open(false), position.seq);
      return local;
    }
    // Registered before the first read, so a notice that arrives during it is not lost.
    const follower = new RemoteStreamFollower(this.store, sessionId, position, (stopped) =>
      this.unfollow(stopped),
    );
    this.follow(follower);
    return (await follower.start(() => open(true))) ? follower : undefined;
  }

  announce(stream: ResumableStream): void {
    if (this.announced.size === 0) setImmediate(() => this.publishAnnounced());
    this.announced.add(stream.id);
  }

  settled(stream: ResumableStream): void {
    this.live.delete(stream.id);
  }

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe(({ channel, payload }) => {
      if (channel !== STREAMS_APPENDED_CHANNEL || !Array.isArray(payload.streams)) return;
      for (const id of payload.streams as unknown[]) {
        if (typeof id !== 'string') continue;
        for (const follower of this.followers.get(id) ?? []) follower.wake();
      }
    });
  }

  /** Ends the followed responses: their clients resume on another instance. */
  onModuleDestroy(): void {
    clearInterval(this.sweeper);
    this.unsubscribe?.();
    for (const followers of [...this.followers.values()]) {
      for (const follower of [...followers]) follower.finish();
    }
  }

  private follow(follower: RemoteStreamFollower): void {
    let followers = this.followers.get(follower.streamId);
    if (followers === undefined) {
      followers = new Set();
      this.followers.set(follower.streamId, followers);
    }
    followers.add(follower);
  }

  private unfollow(follower: RemoteStreamFollower): void {
    const followers = this.followers.get(follower.streamId);
    followers?.delete(follower);
    if (followers?.size === 0) this.followers.delete(follower.streamId);
  }

  /** One notice per {@link MAX_ANNOUNCED_STREAMS} streams; a lost one costs the fallback delay. */
  private publishAnnounced(): void {
    const ids = [...this.announced];
    this.announced.clear();
    for (let start = 0; start < ids.length; start += MAX_ANNOUNCED_STREAMS) {
      const streams = ids.slice(start, start + MAX_ANNOUNCED_STREAMS);
      this.bus.publish(STREAMS_APPENDED_CHANNEL, { streams }).catch((error: unknown) => {
        this.logger.warn(`could not announce ${streams.length} stream(s): ${String(error)}`);
      });
    }
  }

  /** Streams detached for longer than their events live can never be resumed: end them. */
  private sweep(): void {
    const now = Date.now();
    for (const stream of [...this.live.values()]) {
      if (stream.abandonedFor(STREAM_EVENT_MAX_AGE_MS, now)) stream.end();
    }
  }
}
