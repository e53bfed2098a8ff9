import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { McpMetrics } from '../metrics/mcp-metrics.service.js';
import { DatabaseCloser } from '../persistence/database-closer.service.js';
import { pgPoolOf } from '../persistence/pg-pool.js';
import { withTransaction } from '../persistence/pg-transaction.js';
import { AuditBatch, type PendingFinished } from './audit-batch.js';
import { appendToAuditChain } from './audit-chain.writer.js';
import {
  AuditLog,
  AuditUnavailableError,
  type ToolCallFinished,
  type ToolCallStarted,
} from './audit-log.js';

/** Counters for metrics and tests. */
export interface AuditLogStats {
  /** Batch transactions (one chained INSERT each) that committed. */
  readonly statements: number;
  readonly rowsWritten: number;
  readonly failedStatements: number;
  /** Outcome rows given up on after {@link MAX_FINISHED_ATTEMPTS} failed writes. */
  readonly droppedFinishedRows: number;
}

const MAX_BATCH_ROWS = 500;
const MAX_FINISHED_ATTEMPTS = 3;
/** Bounds memory while the database is down; beyond this, outcome rows are dropped (counted). */
const MAX_RETRY_ROWS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Group commit: one flusher writes everything queued (up to {@link MAX_BATCH_ROWS} rows) in one
 * transaction that appends them to the hash chain (lock, read the head, one multi-row INSERT);
 * rows arriving meanwhile queue for the next transaction, so batches grow with load and no timer
 * delays a lone call. "Started" promises settle when their COMMIT is acknowledged (the call runs
 * only after its row is durable: fail closed). Failed outcome rows are retried with the next
 * write, not in a loop against a down database.
 */
@Injectable()
export class PostgresAuditLog extends AuditLog implements OnApplicationShutdown {
  private readonly logger = new Logger(PostgresAuditLog.name);
  private readonly queue: AuditBatch[] = [];
  private retry: PendingFinished[] = [];
  private draining: Promise<void> | undefined;
  private counters = { statements: 0, rowsWritten: 0, failedStatements: 0, droppedFinishedRows: 0 };
  private readonly keepArguments: boolean;

  constructor(
    private readonly dataSource: DataSource,
    closer: DatabaseCloser,
    @Inject(APP_CONFIG) config: AppConfig,
    // Optional so the audit log can be assembled without the ops modules (integration tests).
    @Optional() private readonly metrics?: McpMetrics,
  ) {
    super();
    this.keepArguments = config.mcp.auditArguments === 'redacted';
    closer.beforeClose(() => this.flush());
  }

  get stats(): AuditLogStats {
    return { ...this.counters };
  }

  recordStarted(entry: ToolCallStarted): Promise<void> {
    // A malformed uuid would fail the whole statement and with it every call batched alongside.
    if (!UUID.test(entry.correlationId)) {
      return Promise.reject(new AuditUnavailableError(new Error('correlationId is not a UUID')));
    }
    const done = this.openBatch().addStarted(entry, Date.now());
    void this.startDraining();
    return done;
  }

  recordFinished(entry: ToolCallFinished): void {
    if (!UUID.test(entry.correlationId)) {
      this.counters.droppedFinishedRows++;
      this.logger.error('audit outcome row dropped: correlationId is not a UUID');
      return;
    }
    this.openBatch().addFinished({ entry, occurredMs: Date.now(), attempts: 0 });
    void this.startDraining();
  }

  async flush(): Promise<void> {
    while (this.draining !== undefined) await this.draining;
    if (this.retry.length === 0) return;
    this.queue.push(new AuditBatch());
    await this.startDraining();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private openBatch(): AuditBatch {
    const last = this.queue.at(-1);
    if (last !== undefined && last.size < MAX_BATCH_ROWS) return last;
    const batch = new AuditBatch();
    this.queue.push(batch);
    return batch;
  }

  private startDraining(): Promise<void> {
    return (this.draining ??= this.drain());
  }

  private async drain(): Promise<void> {
    // One microtask hop so every call made in the current tick joins the first statement.
    await Promise.resolve();
    for (let batch = this.queue.shift(); batch !== undefined; batch = this.queue.shift()) {
      await this.write(batch);
    }
    this.draining = undefined;
  }

  private async write(batch: AuditBatch): Promise<void> {
    if (this.retry.length > 0) {
      for (const row of this.retry) batch.addFinished(row);
      this.retry = [];
    }
    const started = performance.now();
    try {
      const rows = batch.rows(this.keepArguments);
      await withTransaction(pgPoolOf(this.dataSource), (client) =>
        appendToAuditChain(client, rows),
      );
      this.counters.statements++;
      this.counters.rowsWritten += batch.size;
      batch.settle(undefined);
    } catch (error) {
      this.counters.failedStatements++;
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(`audit write of ${batch.size} rows failed: ${reason}`);
      batch.settle(new AuditUnavailableError(error));
      this.keepForRetry(batch.finished);
    } finally {
      this.observeWrite(started);
    }
  }

  /** Once per group commit, not per row: the latency and the rows still waiting behind it. */
  private observeWrite(started: number): void {
    if (this.metrics === undefined) return;
    this.metrics.auditWrite((performance.now() - started) / 1000);
    let queued = this.retry.length;
    for (const waiting of this.queue) queued += waiting.size;
    this.metrics.auditQueueDepth(queued);
  }

  private keepForRetry(rows: readonly PendingFinished[]): void {
    for (const row of rows) {
      row.attempts++;
      if (row.attempts < MAX_FINISHED_ATTEMPTS && this.retry.length < MAX_RETRY_ROWS) {
        this.retry.push(row);
      } else {
        this.counters.droppedFinishedRows++;
      }
    }
  }
}
