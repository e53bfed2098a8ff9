import { Injectable, Logger } from '@nestjs/common';
import { type HealthCheckAttempt, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

import { DB_PING_TIMEOUT_MS, READINESS_CACHE_MS } from '../health.constants.js';

/**
 * `SELECT 1` through the application's pool, bounded by {@link DB_PING_TIMEOUT_MS} and cached
 * for {@link READINESS_CACHE_MS}. At most one ping is in flight: while the database hangs, a
 * new probe waits on the pending ping instead of parking another pool checkout behind it.
 * The driver's error text stays in the logs; the probe answer only says `unreachable`.
 */
@Injectable()
export class DatabasePingIndicator {
  private readonly logger = new Logger(DatabasePingIndicator.name);
  private pending: Promise<void> | undefined;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
  ) {}

  check(): HealthCheckAttempt<'database'> {
    return this.indicators
      .check('database')
      .attempt(() => this.ping())
      .withTimeout(DB_PING_TIMEOUT_MS)
      .cacheFor(READINESS_CACHE_MS);
  }

  private ping(): Promise<void> {
    this.pending ??= this.query().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async query(): Promise<void> {
    if (!this.dataSource.isInitialized) throw new Error('not connected');
    try {
      await this.dataSource.query('SELECT 1');
    } catch (error) {
      this.logger.warn(`database ping failed: ${describe(error)}`);
      throw new Error('unreachable', { cause: error });
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code} ${error.message}` : error.message;
}
