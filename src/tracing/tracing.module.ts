import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TracerProvider } from '@opentelemetry/sdk-trace';

import type { AppConfig } from '../config/app-config.js';
import { McpTracer } from './mcp-tracer.js';
import { createOtlpTracerProvider } from './otlp-tracer-provider.factory.js';

/** Flushes the batch of ended spans and stops the exporter when the app closes. */
@Injectable()
class TracerProviderShutdown implements OnApplicationShutdown {
  constructor(@Inject(TracerProvider) private readonly provider: TracerProvider) {}

  onApplicationShutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}

/**
 * OpenTelemetry tracing (docs/tracing.md). With `OTEL_EXPORTER_OTLP_ENDPOINT` unset the module
 * provides nothing: no SDK starts, and the core's optional {@link McpTracer} is `undefined`.
 * Global so the core and the transports reach the tracer without importing an ops module.
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
        {
          provide: TracerProvider,
          useFactory: () =>
            createOtlpTracerProvider({
              endpoint,
              serviceName: config.ops.serviceName,
              serviceVersion: config.mcp.serverVersion,
            }),
        },
        {
          provide: McpTracer,
          inject: [TracerProvider],
          useFactory: (provider: TracerProvider) =>
            new McpTracer(provider.getTracer(config.mcp.serverName, config.mcp.serverVersion)),
        },
        TracerProviderShutdown,
      ],
      exports: [McpTracer],
    };
  }
}
