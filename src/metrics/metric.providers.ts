import type { Provider } from '@nestjs/common';
import {
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import { ModuleRef } from '@nestjs/core';
import type { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';

import { CallApprovalsStore } from '../approvals/call-approvals.store.js';
import { ApprovalQueueStats } from './approval-queue-stats.js';
import { AUDIT_WRITE_BUCKETS, METRIC_NAMES, REQUEST_BUCKETS } from './metric-names.js';
import { readPoolStats } from './pool-stats.js';
import { countSessions } from './session-counts.js';
import { upstreamUp } from './upstream-status.js';

/** Replaces a gauge's series by `counts` (a transport that has none left disappears). */
function setByLabel(gauge: Gauge, counts: ReadonlyMap<string, number> | undefined): void {
  if (counts === undefined) return;
  gauge.reset();
  for (const [label, value] of counts) gauge.labels(label).set(value);
}

/** The application's metrics as Nest providers (`@InjectMetric(name)`), created once. */
export const METRIC_PROVIDERS: Provider[] = [
  makeGaugeProvider({
    name: METRIC_NAMES.skills,
    help:
      'Agent Skills on this instance by state: served, withheld (no approved version to serve) ' +
      'and refused at load (docs/skills.md).',
    labelNames: ['state'],
  }),
  makeCounterProvider({
    name: METRIC_NAMES.requestsTotal,
    help: 'JSON-RPC requests handled, by MCP method and outcome.',
    labelNames: ['method', 'outcome'],
  }),
  makeHistogramProvider({
    name: METRIC_NAMES.requestDurationSeconds,
    help: 'Time from a JSON-RPC request reaching the dispatcher to its response, by MCP method.',
    labelNames: ['method'],
    buckets: REQUEST_BUCKETS,
  }),
  makeCounterProvider({
    name: METRIC_NAMES.toolCallsTotal,
    help: 'tools/call requests by tool, tool version and outcome.',
    labelNames: ['tool', 'version', 'outcome'],
  }),
  makeHistogramProvider({
    name: METRIC_NAMES.toolCallDurationSeconds,
    help: 'tools/call handler latency by tool, from the durable "started" audit row to the result.',
    labelNames: ['tool'],
    buckets: REQUEST_BUCKETS,
  }),
  makeCounterProvider({
    name: METRIC_NAMES.toolsListTotal,
    help: 'tools/list requests answered.',
  }),
  // Session and stream gauges are counted at scrape time (session-counts.ts).
  makeGaugeProvider({
    name: METRIC_NAMES.activeSessions,
    help: 'Open MCP sessions on this instance, by transport.',
    labelNames: ['transport'],
    inject: [ModuleRef],
    collect(this: Gauge, moduleRef: ModuleRef) {
      setByLabel(this, countSessions(moduleRef)?.sessions);
    },
  }),
  makeGaugeProvider({
    name: METRIC_NAMES.openStreams,
    help: 'Open server-to-client streams (SSE, stdio) on this instance, by transport.',
    labelNames: ['transport'],
    inject: [ModuleRef],
    collect(this: Gauge, moduleRef: ModuleRef) {
      setByLabel(this, countSessions(moduleRef)?.streams);
    },
  }),
  makeGaugeProvider({
    name: METRIC_NAMES.upstreamUp,
    help: 'Federated upstream MCP servers: 1 when it answers, 0 when down, connecting or disabled.',
    labelNames: ['upstream'],
    inject: [ModuleRef],
    collect(this: Gauge, moduleRef: ModuleRef) {
      setByLabel(this, upstreamUp(moduleRef));
    },
  }),
  makeCounterProvider({
    name: METRIC_NAMES.securityEventsTotal,
    help: 'Rejected or suspicious requests (bad token, bad origin, oversized input...), by type.',
    labelNames: ['type'],
  }),
  makeCounterProvider({
    name: METRIC_NAMES.rateLimitHitsTotal,
    help: 'Requests refused by a rate limit, by limit scope.',
    labelNames: ['scope'],
  }),
  makeHistogramProvider({
    name: METRIC_NAMES.auditWriteDurationSeconds,
    help: 'Latency of one audit group commit.',
    buckets: AUDIT_WRITE_BUCKETS,
  }),
  makeGaugeProvider({
    name: METRIC_NAMES.auditQueueDepth,
    help: 'Audit rows queued and not yet committed.',
  }),
  makeCounterProvider({
    name: METRIC_NAMES.auditWriteFailuresTotal,
    help: 'Audit group commits that failed: their tool calls were refused (fail closed).',
  }),
  // The approval queue lives in Postgres: read at scrape time, the same value on every instance.
  {
    provide: ApprovalQueueStats,
    useFactory: (store?: CallApprovalsStore) => new ApprovalQueueStats(store),
    inject: [{ token: CallApprovalsStore, optional: true }],
  },
  makeGaugeProvider({
    name: METRIC_NAMES.approvalsPending,
    help: 'Tool calls waiting for an approver (all instances).',
    inject: [ApprovalQueueStats],
    async collect(this: Gauge, stats: ApprovalQueueStats) {
      const queue = await stats.read();
      if (queue !== undefined) this.set(queue.pending);
    },
  }),
  makeGaugeProvider({
    name: METRIC_NAMES.approvalOldestPendingSeconds,
    help: 'Seconds the oldest tool call waiting for an approver has waited (0: none waits).',
    inject: [ApprovalQueueStats],
    async collect(this: Gauge, stats: ApprovalQueueStats) {
      const queue = await stats.read();
      if (queue !== undefined) this.set(queue.oldestSeconds);
    },
  }),
  makeCounterProvider({
    name: METRIC_NAMES.retentionPrunedRowsTotal,
    help: 'Rows deleted by the retention scheduler past their retention, by table.',
    labelNames: ['table'],
  }),
  makeGaugeProvider({
    name: METRIC_NAMES.retentionLastSuccessSeconds,
    help: 'Unix time of the last retention round this instance finished (it held the lock).',
  }),
  // Pool gauges are read at scrape time (collect) from the pg.Pool TypeORM built, so the hot
  // path pays nothing for them.
  makeGaugeProvider({
    name: METRIC_NAMES.dbPoolInUse,
    help: 'Database connections checked out of the pool.',
    inject: [{ token: DataSource, optional: true }],
    collect(this: Gauge, dataSource: DataSource | undefined) {
      const stats = readPoolStats(dataSource);
      if (stats !== undefined) this.set(stats.inUse);
    },
  }),
  makeGaugeProvider({
    name: METRIC_NAMES.dbPoolWaiting,
    help: 'Queries waiting for a free database connection.',
    inject: [{ token: DataSource, optional: true }],
    collect(this: Gauge, dataSource: DataSource | undefined) {
      const stats = readPoolStats(dataSource);
      if (stats !== undefined) this.set(stats.waiting);
    },
  }),
];
