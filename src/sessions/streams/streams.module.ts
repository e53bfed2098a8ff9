import { Module } from '@nestjs/common';

import { PostgresStreamEventStore } from './postgres-stream-event.store.js';
import { ResumableStreams } from './resumable-streams.js';
import { StreamEventPruner } from './stream-event.pruner.js';
import { StreamEventStore } from './stream-event.store.js';

/**
 * Resumable SSE streams backed by `stream_events`. Expects the global database and events
 * modules.
 */
@Module({
  providers: [
    { provide: StreamEventStore, useClass: PostgresStreamEventStore },
    ResumableStreams,
    StreamEventPruner,
  ],
  exports: [StreamEventStore, ResumableStreams],
})
export class StreamsModule {}
