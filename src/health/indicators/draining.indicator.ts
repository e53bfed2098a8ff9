import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

import { ShutdownCoordinator } from '../../ops/shutdown/shutdown.coordinator.js';

/**
 * Down from the first SIGTERM on, so load balancers stop sending new traffic (docs/kubernetes.md
 * "Shutdown timeline").
 */
@Injectable()
export class DrainingIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownCoordinator,
  ) {}

  check(): HealthIndicatorResult<'shutdown'> {
    const session = this.indicators.check('shutdown');
    return this.shutdown.isDraining() ? session.down({ message: 'draining' }) : session.up();
  }
}
