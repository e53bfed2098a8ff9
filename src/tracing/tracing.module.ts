import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { AppConfig } from '../config/app-config.js';
import { pgPoolOf } from '../persistence/pg-pool.js';
import { AuditWriteTracer } from './audit-write.tracer.js';
import type { TracingLease } from './global-tracing.js';
import { McpTracer } from './mcp-tracer.js';
import { startOtlpTracing } from './otlp-tracing.js';
import { traceQueriesOf } from './pg-query-spans.js';

/** This application's share of the process-wide SDK (global-tracing.ts). */
const TRACING_LEASE = Symbol('TRACING_LEASE');

/**
 * Database spans on the app's pool, when there is one (module tests run without a database);
 * flushes this application's spans and releases its share of the SDK when the app closes.
 */
@Injectable()
class TracingLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(TRACING_LEASE) private readonly lease: TracingLease,
    tracer: McpTracer,
    @Optional() dataSource?: DataSource,
  ) {
    if (dataSource?.isInitialized === true) traceQueriesOf(pgPoolOf(dataSource), tracer.tracer);
    if (!lease.registeredGlobally) {
      new Logger(TracingModule.name).warn(
        'another OpenTelemetry SDK is registered globally: spans started through the global API go to it',
      );
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.lease.release();
  }
}

/**
 * OpenTelemetry tracing (docs/tracing.md). With `OTEL_EXPORTER_OTLP_ENDPOINT` unset the module
 * provides nothing: no SDK starts, nothing is registered with the global OpenTelemetry API, and
 * the optional {@link McpTracer} and {@link AuditWriteTracer} are `undefined` where they are
 * injected. Global so the core, the transports and the audit log reach them without importing
 * an ops module.
 */
@Global()
@Module({})
export class TracingModule {
  static forRoot(config: AppConfig): DynamicModule {
    const endpoint = config.ops.otlpEndpoint;
    if (endpoint === undefined) return { module: TracingModule };
    return {
      module: TracingModule,
      providers: [
        { provide: TRACING_LEASE, useFactory: () => startOtlpTracing(config, endpoint) },
        {
          provide: McpTracer,
          inject: [TRACING_LEASE],
          useFactory: (lease: TracingLease) =>
            new McpTracer(lease.tracer(config.mcp.serverName, config.mcp.serverVersion)),
        },
        {
          provide: AuditWriteTracer,
          inject: [McpTracer],
          useFactory: (tracer: McpTracer) => new AuditWriteTracer(tracer.tracer),
        },
        TracingLifecycle,
      ],
      exports: [McpTracer, AuditWriteTracer],
    };
  }
}
