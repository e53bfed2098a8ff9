import { Controller, Get } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';

import { ShutdownCoordinator } from '../ops/shutdown/shutdown.coordinator.js';
import { DatabasePingIndicator } from './indicators/database-ping.indicator.js';
import { DrainingIndicator } from './indicators/draining.indicator.js';
import { MigrationsIndicator } from './indicators/migrations.indicator.js';
import { UpstreamsIndicator } from './indicators/upstreams.indicator.js';

/**
 * Kubernetes-style probes (docs/kubernetes.md). Liveness touches nothing external, so a
 * database blip never restarts every replica at once; readiness answers "send me traffic?"
 * and turns 503 with per-check details while draining, when the database does not answer
 * within a second, or when migrations are pending. Federated upstreams are reported in the
 * details and never make it 503.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly draining: DrainingIndicator,
    private readonly database: DatabasePingIndicator,
    private readonly migrations: MigrationsIndicator,
    private readonly upstreams: UpstreamsIndicator,
    private readonly shutdown: ShutdownCoordinator,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    // Draining decides alone and at once: the 503 must not wait for a database ping that may
    // take up to its timeout, since load balancers act on the first failing probe.
    if (this.shutdown.isDraining()) return this.health.check([() => this.draining.check()]);
    return this.health.check([
      () => this.draining.check(),
      () => this.database.check(),
      () => this.migrations.check(),
      () => this.upstreams.check(),
    ]);
  }
}
