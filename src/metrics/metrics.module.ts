import { Global, Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';

import { McpMetrics } from './mcp-metrics.service.js';
import { METRIC_PROVIDERS } from './metric.providers.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsServer } from './metrics.server.js';
import { RequestTelemetry } from './request-telemetry.js';
import { MetricsWindow } from './window/metrics-window.service.js';

/**
 * Prometheus metrics: `GET /metrics` (or `METRICS_PORT`), default process metrics (memory,
 * event-loop lag, GC) and the application metrics of `metric-names.ts`, recorded through
 * {@link McpMetrics}. Reads the pg pool through the `DataSource` provider when one exists.
 * Global, like the logging module: the MCP core, the audit log and the security events record
 * through {@link McpMetrics} and {@link RequestTelemetry} (which needs the global
 * `RequestLogLine`) without importing an ops module. {@link MetricsWindow} keeps rolling
 * windows of the tool-call metrics for the admin dashboard's overview.
 *
 * prom-client keeps one global registry per process: a test that builds this module twice
 * in one process calls `register.clear()` in between.
 */
@Global()
@Module({
  imports: [
    PrometheusModule.registerAsync({
      controller: MetricsController,
      useFactory: () => ({ defaultMetrics: { enabled: true } }),
    }),
  ],
  providers: [...METRIC_PROVIDERS, McpMetrics, RequestTelemetry, MetricsServer, MetricsWindow],
  exports: [McpMetrics, RequestTelemetry, MetricsWindow],
})
export class MetricsModule {}
