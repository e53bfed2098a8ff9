import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { PostgresStreamEventStore } from './postgres-stream-event.store.js';
import { ResumableStreams } from './resumable-streams.js';
import { StreamEventEntity } from './stream-event.entity.js';
import { StreamEventStore } from './stream-event.store.js';

/**
 * Resumable SSE streams backed by `stream_events`. Expects the global database and events
 * modules.
 */
@Module({
  imports: [TypeOrmModule.forFeature([StreamEventEntity])],
  providers: [{ provide: StreamEventStore, useClass: PostgresStreamEventStore }, ResumableStreams],
  exports: [StreamEventStore, ResumableStreams],
})
export class StreamsModule {}
