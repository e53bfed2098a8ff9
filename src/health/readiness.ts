import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

import { ShutdownCoordinator } from '../ops/shutdown/shutdown.coordinator.js';
import { DatabasePingIndicator } from './indicators/database-ping.indicator.js';
import { DrainingIndicator } from './indicators/draining.indicator.js';
import { MigrationsIndicator } from './indicators/migrations.indicator.js';
import { UpstreamsIndicator } from './indicators/upstreams.indicator.js';

type ReadinessCheck = () => PromiseLike<HealthIndicatorResult> | HealthIndicatorResult;

/** One readiness check as the admin overview shows it. */
export interface ReadinessCheckResult {
  /** `shutdown`, `database`, `migrations` or `upstreams`. */
  readonly name: string;
  readonly up: boolean;
  /** Why it is down (`unreachable`, `2 pending migration(s)`, `draining`...), else `null`. */
  readonly message: string | null;
  /** Milliseconds the check took (the database ping), `null` for an instant check. */
  readonly responseTimeMs: number | null;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: readonly ReadinessCheckResult[];
}

/**
 * The checks behind `GET /health/ready`, shared by the probe and the admin overview so both
 * answer the same question the same way (docs/kubernetes.md "Probes"). Draining decides alone
 * and at once: the 503 must not wait for a database ping that may take up to its timeout,
 * since load balancers act on the first failing probe. Federated upstreams are reported in the
 * details and never make it 503 (docs/federation.md "Health").
 */
@Injectable()
export class Readiness {
  constructor(
    private readonly draining: DrainingIndicator,
    private readonly database: DatabasePingIndicator,
    private readonly migrations: MigrationsIndicator,
    private readonly upstreams: UpstreamsIndicator,
    private readonly shutdown: ShutdownCoordinator,
  ) {}

  checks(): ReadinessCheck[] {
    const draining = () => this.draining.check();
    if (this.shutdown.isDraining()) return [draining];
    return [
      draining,
      () => this.database.check(),
      () => this.migrations.check(),
      () => this.upstreams.check(),
    ];
  }

  /** Every check's outcome (the checks' own caching and timeouts apply). */
  async report(): Promise<ReadinessReport> {
    const results = await Promise.all(this.checks().map(async (check) => check()));
    const checks = results.flatMap((result) =>
      Object.entries(result).map(([name, detail]) => ({
        name,
        up: detail.status === 'up',
        message: typeof detail.message === 'string' ? detail.message : null,
        responseTimeMs: typeof detail.responseTime === 'number' ? detail.responseTime : null,
      })),
    );
    return { ready: checks.every((check) => check.up), checks };
  }
}
