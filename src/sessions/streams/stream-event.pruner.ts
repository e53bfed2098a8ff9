import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';

import { StreamEventStore } from './stream-event.store.js';
import { STREAM_EVENT_MAX_AGE_MS, STREAM_PRUNE_INTERVAL_MS } from './stream-limits.js';

/**
 * Expires stream events by age. Every instance runs it; a DELETE by age is idempotent, so
 * concurrent runs only share the work.
 */
@Injectable()
export class StreamEventPruner implements OnModuleDestroy {
  private readonly logger = new Logger(StreamEventPruner.name);
  private readonly timer = setInterval(() => void this.prune(), STREAM_PRUNE_INTERVAL_MS).unref();

  constructor(private readonly store: StreamEventStore) {}

  async prune(): Promise<number> {
    try {
      return await this.store.deleteOlderThan(STREAM_EVENT_MAX_AGE_MS);
    } catch (error) {
      this.logger.warn(`pruning stream events failed: ${String(error)}`);
      return 0;
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
