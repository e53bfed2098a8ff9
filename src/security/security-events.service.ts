import { Injectable, Logger } from '@nestjs/common';

import type { Principal } from '../mcp/context/principal.js';
import type { SecurityEventType } from './security-event.types.js';

/** At most this many log lines per event type per second; the counters still see every event. */
const LOG_LINES_PER_SECOND = 20;

interface LogWindow {
  second: number;
  lines: number;
  suppressed: number;
}

/**
 * Records security events: one structured log line with principal and client, and an in-process
 * counter per type. Logging is throttled per type so a flood of garbage tokens cannot become a
 * log flood (security bar §3.3: rejections are counted, not written per request).
 */
@Injectable()
export class SecurityEvents {
  private readonly logger = new Logger('SecurityEvents');
  private readonly counters = new Map<SecurityEventType, number>();
  private readonly windows = new Map<SecurityEventType, LogWindow>();

  record(type: SecurityEventType, principal: Principal | undefined, detail: string): void {
    this.counters.set(type, (this.counters.get(type) ?? 0) + 1);
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
