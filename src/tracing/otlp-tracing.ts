import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

import type { AppConfig } from '../config/app-config.js';
import { acquireGlobalTracing, type TracingLease } from './global-tracing.js';
import { samplerFor } from './traces-sampler.js';

/**
 * Starts tracing for one application: its OTLP/HTTP (JSON encoding) exporter behind a batch
 * processor, so a request never waits on the collector, added to the process-wide SDK that the
 * first traced application registers globally (global-tracing.ts).
 */
export function startOtlpTracing(config: AppConfig, endpoint: string): TracingLease {
  // OTLP exporter spec §Endpoint URLs for OTLP/HTTP: the non-signal-specific variable is a base
  // URL to which `v1/traces` is appended.
  const base = endpoint.endsWith('/') ? endpoint : `${endpoint}/`;
  const exporter = new OTLPTraceExporter({ url: `${base}v1/traces` });
  return acquireGlobalTracing(
    {
      resource: resourceFromAttributes({
        [ATTR_SERVICE_NAME]: config.ops.serviceName,
        [ATTR_SERVICE_VERSION]: config.mcp.serverVersion,
      }),
      sampler: samplerFor(config.ops.tracesSampler, config.ops.tracesSamplerRatio),
    },
    new BatchSpanProcessor({ exporter }),
  );
}
