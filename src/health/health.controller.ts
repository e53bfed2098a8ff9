import { Controller, Get } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult, HealthCheckService } from '@nestjs/terminus';

import { Readiness } from './readiness.js';

/**
 * Kubernetes-style probes (docs/kubernetes.md). Liveness touches nothing external, so a
 * database blip never restarts every replica at once; readiness answers "send me traffic?"
 * and turns 503 with per-check details while draining, when the database does not answer
 * within a second, or when migrations are pending ({@link Readiness}).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: Readiness,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.readiness.checks());
  }
}
