import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface OtlpTracingOptions {
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`: the collector's base URL. */
  readonly endpoint: string;
  readonly serviceName: string;
  readonly serviceVersion: string;
}

/**
 * An SDK tracer provider exporting over OTLP/HTTP (JSON encoding) through a batch processor, so
 * a request never waits on the collector. The provider is not registered globally: the MCP
 * tracer is its only user, and a process may hold several apps (tests).
 */
export function createOtlpTracerProvider(options: OtlpTracingOptions): TracerProvider {
  // OTLP exporter spec §Endpoint URLs for OTLP/HTTP: the non-signal-specific variable is a base
  // URL to which `v1/traces` is appended.
  const base = options.endpoint.endsWith('/') ? options.endpoint : `${options.endpoint}/`;
  return new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      [ATTR_SERVICE_VERSION]: options.serviceVersion,
    }),
    spanProcessors: [
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${base}v1/traces` }) }),
    ],
  });
}
