import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

import { OPEN_DATABASE } from './database.constants.js';
import type { OpenDatabase } from './open-database.js';

/**
 * Closes the database last. Nest orders shutdown hooks by module distance and every global
 * module has the same distance, so "flush the audit queue before the pool closes" cannot rely
 * on hook order: writers register a drain here and the closer runs them first.
 */
@Injectable()
export class DatabaseCloser implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseCloser.name);
  private readonly drains = new Set<() => Promise<void>>();

  constructor(@Inject(OPEN_DATABASE) private readonly database: OpenDatabase) {}

  /** Registers work that must reach the database before it closes. */
  beforeClose(drain: () => Promise<void>): void {
    this.drains.add(drain);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const drain of this.drains) {
      await drain().catch((error: unknown) =>
        this.logger.error(`drain before database close failed: ${String(error)}`),
      );
    }
    await this.database.close();
  }
}
