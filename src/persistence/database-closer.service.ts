import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';

import { DATABASE_SERVER } from './database.constants.js';
import type { DatabaseServer } from './database-server.js';

/**
 * Closes the database last. Writers register a drain here (the audit queue, the stdio session)
 * and it runs in `beforeApplicationShutdown`, which Nest completes for every module before any
 * `onApplicationShutdown`: the hook where `@nestjs/typeorm` destroys the DataSource, in an order
 * among global modules that nothing else guarantees. Then the DataSource is destroyed (by
 * whichever of the two hooks runs first) and only after it the embedded PGlite stops.
 */
@Injectable()
export class DatabaseCloser implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseCloser.name);
  private readonly drains = new Set<() => Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATABASE_SERVER) private readonly server: DatabaseServer,
  ) {}

  /** Registers work that must reach the database before it closes. */
  beforeClose(drain: () => Promise<void>): void {
    this.drains.add(drain);
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const drain of this.drains) {
      await drain().catch((error: unknown) =>
        this.logger.error(`drain before database close failed: ${String(error)}`),
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    try {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    } finally {
      await this.server.stop();
    }
  }
}
