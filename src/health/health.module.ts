import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { ShutdownModule } from '../ops/shutdown/shutdown.module.js';
import { HealthController } from './health.controller.js';
import { DatabasePingIndicator } from './indicators/database-ping.indicator.js';
import { DrainingIndicator } from './indicators/draining.indicator.js';
import { MigrationsIndicator } from './indicators/migrations.indicator.js';
import { UpstreamsIndicator } from './indicators/upstreams.indicator.js';
import { Readiness } from './readiness.js';

/**
 * `GET /health/live` and `GET /health/ready`. Needs the TypeORM `DataSource` provider (the
 * global database module) and shares the {@link ShutdownModule}'s coordinator. Terminus'
 * own graceful-shutdown sleep stays off: the coordinator owns the drain sequence. Exports
 * {@link Readiness} for the admin overview.
 */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), ShutdownModule],
  controllers: [HealthController],
  providers: [
    DrainingIndicator,
    DatabasePingIndicator,
    MigrationsIndicator,
    UpstreamsIndicator,
    Readiness,
  ],
  exports: [Readiness],
})
export class HealthModule {}
