/**
 * Every metric this server exports, in one place: dashboards, alerts and their tests
 * (test/deploy) read the names from here. Labels stay bounded: no
 * request, session or principal ids; tool names are bounded by the registry, and
 * `McpMetrics` folds any label value past a cap into `other`.
 */
export const METRIC_NAMES = {
  requestsTotal: 'mcp_requests_total',
  requestDurationSeconds: 'mcp_request_duration_seconds',
  toolCallsTotal: 'mcp_tool_calls_total',
  toolCallDurationSeconds: 'mcp_tool_call_duration_seconds',
  toolsListTotal: 'mcp_tools_list_total',
  activeSessions: 'mcp_active_sessions',
  openStreams: 'mcp_open_streams',
  securityEventsTotal: 'mcp_security_events_total',
  rateLimitHitsTotal: 'mcp_rate_limit_hits_total',
  auditWriteDurationSeconds: 'mcp_audit_write_duration_seconds',
  auditQueueDepth: 'mcp_audit_queue_depth',
  auditWriteFailuresTotal: 'mcp_audit_write_failures_total',
  approvalsPending: 'mcp_approvals_pending',
  approvalOldestPendingSeconds: 'mcp_approval_oldest_pending_seconds',
  retentionPrunedRowsTotal: 'mcp_retention_pruned_rows_total',
  retentionLastSuccessSeconds: 'mcp_retention_last_success_timestamp_seconds',
  upstreamUp: 'mcp_upstream_up',
  skills: 'mcp_skills',
  dbPoolInUse: 'db_pool_in_use',
  dbPoolWaiting: 'db_pool_waiting',
} as const;

/**
 * Default process metrics of prom-client that dashboards use (memory, event-loop lag, CPU).
 * They are registered by `collectDefaultMetrics`; listed here so dashboards reference one file.
 */
export const DEFAULT_METRIC_NAMES = {
  residentMemoryBytes: 'process_resident_memory_bytes',
  heapUsedBytes: 'nodejs_heap_size_used_bytes',
  eventLoopLagSeconds: 'nodejs_eventloop_lag_seconds',
  eventLoopLagP99Seconds: 'nodejs_eventloop_lag_p99_seconds',
  cpuSecondsTotal: 'process_cpu_seconds_total',
} as const;

/** Label value that replaces values past a metric's cardinality cap. */
export const OVERFLOW_LABEL = 'other';

/**
 * Latency buckets in seconds. Requests span sub-millisecond protocol calls to tool calls bounded
 * by `MCP_TOOL_TIMEOUT_MS` (60 s by default); audit group commits are expected in milliseconds.
 */
export const REQUEST_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];
export const AUDIT_WRITE_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];
