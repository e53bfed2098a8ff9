import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { Repository } from 'typeorm';

import { pgPoolOf } from '../../persistence/pg-pool.js';
import { toJsonb } from '../../persistence/postgres-text.js';
import {
  StreamEventStore,
  type StoredStreamEvent,
  type StreamEventRecord,
  type StreamReplay,
} from './stream-event.store.js';
import { StreamEventEntity } from './stream-event.entity.js';
import { MAX_BATCH_EVENTS, MAX_EVENTS_PER_STREAM } from './stream-limits.js';

interface EventRow {
  session_id: string;
  seq: number;
  data: string | null;
}

/**
 * Raw on the pool, not TypeORM (README "Design": its repository costs ~2× the CPU of a pool
 * query): every SSE event waits for its batch, and a resume reads the stored text unparsed.
 */
const SQL = {
  // One round trip per batch: the rows go in as arrays, and streams grown past their bound lose
  // their oldest rows in the same statement (a data-modifying CTE).
  appendBatch: `WITH appended AS (
      INSERT INTO stream_events (session_id, stream_id, seq, message)
      SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::jsonb[])
      ON CONFLICT DO NOTHING RETURNING 1
    ), trimmed AS (
      DELETE FROM stream_events e USING unnest($5::text[], $6::int[]) AS b(stream_id, below)
      WHERE e.stream_id = b.stream_id AND e.seq < b.below RETURNING 1
    ) SELECT (SELECT count(*) FROM appended)::int AS appended`,
  // The row at the client's position proves ownership and that nothing before it was lost.
  replay: `SELECT session_id, seq, message::text AS data FROM stream_events
    WHERE stream_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
} as const;

/** Events written by one statement; they share one promise, settled when it is done. */
class EventBatch {
  readonly events: StreamEventRecord[] = [];
  readonly written: Promise<void>;
  readonly settle: () => void;

  constructor() {
    let settle!: () => void;
    this.written = new Promise<void>((resolve) => (settle = resolve));
    this.settle = settle;
  }
}

/**
 * {@link StreamEventStore} on `stream_events`, by group commit: one batch on the wire at a time,
 * holding every event queued while the previous one was written (up to {@link MAX_BATCH_EVENTS}),
 * so batches grow with load and no timer delays a lone event. Streams send an event only once
 * its batch is written (`ResumableStream`), so every id a client holds can be resumed from the
 * database on any instance. A failed batch is logged and dropped: that costs resumability,
 * never a live message.
 */
@Injectable()
export class PostgresStreamEventStore extends StreamEventStore implements OnModuleDestroy {
  private readonly logger = new Logger(PostgresStreamEventStore.name);
  private readonly queue: EventBatch[] = [];
  private onTheWire: EventBatch | undefined;
  private scheduled = false;

  constructor(
    @InjectRepository(StreamEventEntity) private readonly events: Repository<StreamEventEntity>,
  ) {
    super();
  }

  private get pool(): Pool {
    return pgPoolOf(this.events.manager.dataSource);
  }

  append(event: StreamEventRecord): Promise<void> {
    let batch = this.queue.at(-1);
    if (batch === undefined || batch.events.length >= MAX_BATCH_EVENTS) {
      batch = new EventBatch();
      this.queue.push(batch);
    }
    batch.events.push(event);
    this.schedule();
    return batch.written;
  }

  /** Batches are written in order: the last one queued (or on the wire) settles last. */
  flush(): Promise<void> {
    return (this.queue.at(-1) ?? this.onTheWire)?.written ?? Promise.resolve();
  }

  async replay(
    sessionId: string,
    streamId: string,
    afterSeq: number,
    limit: number,
  ): Promise<StreamReplay | undefined> {
    const { rows } = await this.pool.query<EventRow>(SQL.replay, [streamId, afterSeq, limit + 2]);
    const [position, ...after] = rows;
    if (position?.seq !== afterSeq || position.session_id !== sessionId) return undefined;
    const events: StoredStreamEvent[] = [];
    for (const row of after.slice(0, limit)) {
      if (row.data === null) return { events, ended: true, truncated: false };
      events.push({ seq: row.seq, data: row.data });
    }
    return { events, ended: false, truncated: after.length > limit };
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  /** One microtask hop first, so every event recorded in the current tick joins one batch. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.writeNext();
    });
  }

  private writeNext(): void {
    if (this.onTheWire !== undefined) return;
    const batch = this.queue.shift();
    if (batch === undefined) return;
    this.onTheWire = batch;
    void this.write(batch.events).finally(() => {
      this.onTheWire = undefined;
      batch.settle();
      this.writeNext();
    });
  }

  private async write(batch: readonly StreamEventRecord[]): Promise<void> {
    const highest = new Map<string, number>();
    for (const { streamId, seq } of batch) {
      if (seq > (highest.get(streamId) ?? -1)) highest.set(streamId, seq);
    }
    const trim = [...highest].filter(([, seq]) => seq >= MAX_EVENTS_PER_STREAM);
    try {
      await this.pool.query(SQL.appendBatch, [
        batch.map((event) => event.sessionId),
        batch.map((event) => event.streamId),
        batch.map((event) => event.seq),
        batch.map((event) => jsonbText(event.data)),
        trim.map(([streamId]) => streamId),
        trim.map(([, seq]) => seq - MAX_EVENTS_PER_STREAM + 1),
      ]);
    } catch (error) {
      this.logger.warn(`dropped ${batch.length} stream event(s): ${String(error)}`);
    }
  }
}

/** jsonb rejects the `\u0000` escape JSON text uses for U+0000: such (rare) text is re-encoded. */
function jsonbText(data: string | null): string | null {
  return data?.includes('\\u0000') === true ? toJsonb(JSON.parse(data)) : data;
}
