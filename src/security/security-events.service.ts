import { Injectable, Logger, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

import type { Principal } from '../protocol/context/principal.js';
import { McpMetrics } from '../metrics/mcp-metrics.service.js';
import type { SecurityEventType } from './security-event.types.js';

/** At most this many log lines per event type per second; the counters still see every event. */
const LOG_LINES_PER_SECOND = 20;

interface LogWindow {
  second: number;
  lines: number;
  suppressed: number;
}

/**
 * Records security events: one structured log line with principal and client, an in-process
 * counter per type, and `mcp_security_events_total{type}` when the metrics module is loaded.
 * Logging is throttled per type so a flood of garbage tokens cannot become a log flood
 * (rejections are counted, not written per request).
 */
@Injectable()
export class SecurityEvents {
  private readonly logger = new Logger('SecurityEvents');
  private readonly counters = new Map<SecurityEventType, number>();
  private readonly windows = new Map<SecurityEventType, LogWindow>();
  /** `null`: looked up and absent. */
  private metrics: McpMetrics | null | undefined;

  constructor(@Optional() private readonly moduleRef?: ModuleRef) {}

  record(type: SecurityEventType, principal: Principal | undefined, detail: string): void {
    this.counters.set(type, (this.counters.get(type) ?? 0) + 1);
    this.metricsOrNull()?.securityEvent(type);
    const suppressed = this.admitLogLine(type);
    if (suppressed < 0) return;
    this.logger.warn({
      event: type,
      subject: principal?.subject,
      clientId: principal?.clientId,
      tenant: principal?.tenant,
      detail,
      ...(suppressed > 0 ? { suppressedSinceLastLine: suppressed } : {}),
    });
  }

  /** Events per type since start (read by the metrics module). */
  counts(): ReadonlyMap<SecurityEventType, number> {
    return this.counters;
  }

  /**
   * The metrics module is optional (the stdio CLI and unit tests run without it) and sits beside
   * this global module rather than below it, so it is looked up on the first event, once every
   * provider exists (lint findings already occur while modules initialize).
   */
  private metricsOrNull(): McpMetrics | null {
    if (this.metrics === undefined) {
      try {
        this.metrics = this.moduleRef?.get(McpMetrics, { strict: false }) ?? null;
      } catch {
        this.metrics = null;
      }
    }
    return this.metrics;
  }

  /** -1 when the line is throttled, else how many lines were suppressed before it. */
  private admitLogLine(type: SecurityEventType): number {
    const second = Math.floor(Date.now() / 1000);
    let window = this.windows.get(type);
    if (window === undefined) {
      window = { second, lines: 0, suppressed: 0 };
      this.windows.set(type, window);
    }
    if (window.second !== second) {
      window.second = second;
      window.lines = 0;
    }
    if (window.lines >= LOG_LINES_PER_SECOND) {
      window.suppressed += 1;
      return -1;
    }
    window.lines += 1;
    const suppressed = window.suppressed;
    window.suppressed = 0;
    return suppressed;
  }
}
