import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace';

import { acquireGlobalTracing, type TracingLease } from './global-tracing.js';

/** Tracing registered globally, as the app registers it, exporting to memory: for tests. */
export interface InMemoryTracing {
  readonly lease: TracingLease;
  spans(): ReadableSpan[];
  reset(): void;
}

export function startInMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const lease = acquireGlobalTracing(
    { resource: resourceFromAttributes({}), sampler: new AlwaysOnSampler() },
    new SimpleSpanProcessor({ exporter }),
  );
  return {
    lease,
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
  };
}
