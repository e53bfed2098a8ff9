import { Injectable, Optional } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

import { FederatedCatalogue } from '../../federation/catalogue/federated-catalogue.service.js';

/**
 * The federated upstreams' health as readiness details (docs/federation.md "Health"). Always up:
 * an upstream being down makes its tools answer "unavailable", never this instance unready —
 * taking every replica out of the load balancer for one vendor's outage would take down the
 * local tools too.
 */
@Injectable()
export class UpstreamsIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    // Absent where the application is assembled without federation (module specs).
    @Optional() private readonly catalogue?: FederatedCatalogue,
  ) {}

  check(): HealthIndicatorResult<'upstreams'> {
    const details = Object.fromEntries(
      (this.catalogue?.states() ?? []).map(({ row, health }) => [
        row.name,
        {
          state: health.state,
          since: health.since.toISOString(),
          ...(health.lastError === undefined ? {} : { lastError: health.lastError }),
        },
      ]),
    );
    return this.indicators.check('upstreams').up(details);
  }
}
