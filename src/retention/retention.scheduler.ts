import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { addAuditPartitionsAhead } from '../audit/audit-partitions.js';
import { type AppConfig, APP_CONFIG } from '../config/index.js';
import { McpMetrics } from '../metrics/mcp-metrics.service.js';
import { DatabaseCloser } from '../persistence/database-closer.service.js';
import { type PruneJob, pruneInBatches } from './prune-job.js';
import { pruneJobs } from './prune-jobs.js';
import { withRetentionLock } from './retention-lock.js';
import { RetentionSettings } from './retention.settings.js';

/**
 * What one round did: skipped (another instance holds the lock), or the audit partitions it
 * created and the rows it pruned per table.
 */
export type RetentionRound =
  | { readonly ran: false }
  | {
      readonly ran: true;
      readonly auditPartitionsCreated: number;
      readonly pruned: Readonly<Record<string, number>>;
    };

/**
 * The data lifecycle's one scheduler (docs/data-lifecycle.md): every
 * `MCP_RETENTION_INTERVAL_SECONDS` each instance tries the retention advisory lock, and the
 * one that gets it creates the coming months' audit partitions, then prunes every table past
 * its retention in bounded batches. Counts go to
 * `mcp_retention_pruned_rows_total`, a finished round to
 * `mcp_retention_last_success_timestamp_seconds`.
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(RetentionScheduler.name);
  private readonly jobs: readonly PruneJob[];
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RetentionSettings,
    private readonly metrics: McpMetrics,
    @Inject(APP_CONFIG) config: AppConfig,
    closer: DatabaseCloser,
  ) {
    this.jobs = pruneJobs(settings, { sessionIdleMs: config.limits.sessionIdleMs });
    closer.beforeClose(() => this.stop());
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.round = this.runOnce().catch((error: unknown) => {
        this.logger.warn(`retention round failed: ${String(error)}`);
      });
    }, this.settings.intervalSeconds * 1000).unref();
  }

  /** One round now; public for tests and for operators' one-off runs. */
  async runOnce(): Promise<RetentionRound> {
    const round = await withRetentionLock(this.dataSource, async (runner) => {
      const auditPartitionsCreated = await addAuditPartitionsAhead(runner);
      const pruned: Record<string, number> = {};
      for (const job of this.jobs) {
        const rows = await pruneInBatches(runner, job, this.settings.batchRows);
        pruned[job.table] = rows;
        this.metrics.retentionPruned(job.table, rows);
      }
      return { ran: true as const, auditPartitionsCreated, pruned };
    });
    if (round === undefined) return { ran: false };
    this.metrics.retentionSucceeded();
    return round;
  }

  /** No new round; the running one finishes before the database closes. */
  private async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
  }
}
