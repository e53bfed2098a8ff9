import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { pgPoolOf } from '../persistence/pg-pool.js';
import { toJsonb } from '../persistence/postgres-text.js';
import {
  StreamEventStore,
  type StoredStreamEvent,
  type StreamEventRecord,
  type StreamReplay,
} from './stream-event.store.js';
import { MAX_BATCH_EVENTS, MAX_EVENTS_PER_STREAM, STREAM_FLUSH_MS } from './stream-limits.js';

interface EventRow {
  session_id: string;
  seq: number;
  data: string | null;
}

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
  deleteOlderThan: `DELETE FROM stream_events WHERE created_at < now() - $1 * interval '1 millisecond'`,
} as const;

/**
 * {@link StreamEventStore} on `stream_events`. Appends are queued and written in batches every
 * few milliseconds (or at once past a batch size), so streaming a call costs no round trip per
 * event; a failed batch is logged and dropped, which costs resumability, never a live message.
 */
@Injectable()
export class PostgresStreamEventStore extends StreamEventStore implements OnModuleDestroy {
  private readonly logger = new Logger(PostgresStreamEventStore.name);
  private queue: StreamEventRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  append(event: StreamEventRecord): void {
    this.queue.push(event);
    if (this.queue.length >= MAX_BATCH_EVENTS) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), STREAM_FLUSH_MS);
  }

  /** Batches are written one after another, so a flush also waits for the batch before it. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    if (batch.length > 0) {
      this.queue = [];
      this.writing = this.writing.then(() => this.write(batch));
    }
    return this.writing;
  }

  async replay(
    sessionId: string,
    streamId: string,
    afterSeq: number,
    limit: number,
  ): Promise<StreamReplay | undefined> {
    await this.flush();
    const { rows } = await pgPoolOf(this.dataSource).query<EventRow>(SQL.replay, [
      streamId,
      afterSeq,
      limit + 2,
    ]);
    const [position, ...after] = rows;
    if (position?.seq !== afterSeq || position.session_id !== sessionId) return undefined;
    const events: StoredStreamEvent[] = [];
    for (const row of after.slice(0, limit)) {
      if (row.data === null) return { events, ended: true, truncated: false };
      events.push({ seq: row.seq, data: row.data });
    }
    return { events, ended: false, truncated: after.length > limit };
  }

  async deleteOlderThan(maxAgeMs: number): Promise<number> {
    const result = await pgPoolOf(this.dataSource).query(SQL.deleteOlderThan, [maxAgeMs]);
    return result.rowCount ?? 0;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  private async write(batch: readonly StreamEventRecord[]): Promise<void> {
    const highest = new Map<string, number>();
    for (const { streamId, seq } of batch) {
      if (seq > (highest.get(streamId) ?? -1)) highest.set(streamId, seq);
    }
    const trim = [...highest].filter(([, seq]) => seq >= MAX_EVENTS_PER_STREAM);
    try {
      await pgPoolOf(this.dataSource).query(SQL.appendBatch, [
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
