import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';

/**
 * Row of `stream_events` (migration CreateStreamEvents): one SSE event of a resumable stream.
 * `message` is NULL for the priming event (seq 0) and for the marker that ends a stream.
 */
@Entity({ name: 'stream_events' })
@Index('IDX_stream_events_created_at', ['createdAt'])
export class StreamEventEntity {
  @Column({ name: 'session_id', type: 'text' })
  sessionId!: string;

  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'jsonb', nullable: true })
  message!: JsonObject | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
