import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';

import { LabelChildCache } from './label-child-cache.js';
import { METRIC_NAMES } from './metric-names.js';

/** Distinct values kept per open-ended label before folding into `other`. */
const MAX_METHODS = 64;
const MAX_TOOLS = 1024;
const MAX_SMALL_LABEL_VALUES = 32;

type CounterChild = ReturnType<Counter<string>['labels']>;
type HistogramChild = ReturnType<Histogram<string>['labels']>;

/**
 * What the hot path calls to record metrics. Label children are resolved once per label set
 * and memoized, so a call is a few Map lookups plus the prom-client update. Sessions, streams
 * and the database pool are not recorded here: their gauges are read at scrape time.
 *
 * Outcomes are a small fixed vocabulary chosen by the caller (e.g. the audit outcomes
 * `success | tool_error | invalid_arguments | cancelled | timeout | internal_error`, plus
 * `replayed`, `approval_pending` and `approval_declined` (docs/approvals.md), for tool
 * calls, `ok | error` plus the JSON-RPC error class for requests); never put ids in a label.
 */
@Injectable()
export class McpMetrics {
  private readonly requestCounts: LabelChildCache<CounterChild>;
  private readonly requestDurations: LabelChildCache<HistogramChild>;
  private readonly toolCounts: LabelChildCache<CounterChild>;
  private readonly toolDurations: LabelChildCache<HistogramChild>;
  private readonly securityEvents: LabelChildCache<CounterChild>;
  private readonly rateLimits: LabelChildCache<CounterChild>;

  constructor(
    @InjectMetric(METRIC_NAMES.requestsTotal) requests: Counter<string>,
    @InjectMetric(METRIC_NAMES.requestDurationSeconds) requestDuration: Histogram<string>,
    @InjectMetric(METRIC_NAMES.toolCallsTotal) toolCalls: Counter<string>,
    @InjectMetric(METRIC_NAMES.toolCallDurationSeconds) toolCallDuration: Histogram<string>,
    @InjectMetric(METRIC_NAMES.toolsListTotal) private readonly toolsLists: Counter<string>,
    @InjectMetric(METRIC_NAMES.securityEventsTotal) security: Counter<string>,
    @InjectMetric(METRIC_NAMES.rateLimitHitsTotal) rateLimitHits: Counter<string>,
    @InjectMetric(METRIC_NAMES.auditWriteDurationSeconds)
    private readonly auditWrites: Histogram<string>,
    @InjectMetric(METRIC_NAMES.auditQueueDepth) private readonly auditQueue: Gauge<string>,
    @InjectMetric(METRIC_NAMES.auditWriteFailuresTotal)
    private readonly auditFailures: Counter<string>,
    @InjectMetric(METRIC_NAMES.retentionPrunedRowsTotal)
    private readonly retentionRows: Counter<string>,
    @InjectMetric(METRIC_NAMES.retentionLastSuccessSeconds)
    private readonly retentionSuccess: Gauge<string>,
    @InjectMetric(METRIC_NAMES.skills) private readonly skills: Gauge<string>,
  ) {
    this.requestCounts = new LabelChildCache(MAX_METHODS, (method, outcome) =>
      requests.labels(method, outcome),
    );
    this.requestDurations = new LabelChildCache(MAX_METHODS, (method) =>
      requestDuration.labels(method),
    );
    this.toolCounts = new LabelChildCache(MAX_TOOLS, (tool, version, outcome) =>
      toolCalls.labels(tool, version, outcome),
    );
    this.toolDurations = new LabelChildCache(MAX_TOOLS, (tool) => toolCallDuration.labels(tool));
    this.securityEvents = new LabelChildCache(MAX_SMALL_LABEL_VALUES, (type) =>
      security.labels(type),
    );
    this.rateLimits = new LabelChildCache(MAX_SMALL_LABEL_VALUES, (scope) =>
      rateLimitHits.labels(scope),
    );
  }

  /** One JSON-RPC request answered (any method, including tools/call). */
  requestHandled(method: string, outcome: string, seconds: number): void {
    this.requestCounts.get(method, outcome).inc();
    this.requestDurations.get(method).observe(seconds);
  }

  toolCalled(tool: string, version: string, outcome: string, seconds: number): void {
    this.toolCounts.get(tool, version, outcome).inc();
    this.toolDurations.get(tool).observe(seconds);
  }

  toolsListed(): void {
    this.toolsLists.inc();
  }

  securityEvent(type: string): void {
    this.securityEvents.get(type).inc();
  }

  rateLimited(scope: string): void {
    this.rateLimits.get(scope).inc();
  }

  auditWrite(seconds: number): void {
    this.auditWrites.observe(seconds);
  }

  /** The skills this instance serves, withholds and refused at load, after each re-read. */
  skillsCounted(counts: Readonly<Record<'served' | 'withheld' | 'refused', number>>): void {
    for (const [state, count] of Object.entries(counts)) this.skills.labels(state).set(count);
  }

  /** A group commit failed: the calls waiting on it were refused (fail closed). */
  auditWriteFailed(): void {
    this.auditFailures.inc();
  }

  auditQueueDepth(depth: number): void {
    this.auditQueue.set(depth);
  }

  /** Off the hot path (one retention round): the table label is one of a fixed few. */
  retentionPruned(table: string, rows: number): void {
    this.retentionRows.labels(table).inc(rows);
  }

  retentionSucceeded(): void {
    this.retentionSuccess.setToCurrentTime();
  }
}
