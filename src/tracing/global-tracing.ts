import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import { type Sampler, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

import { FanOutSpanProcessor } from './fan-out-span-processor.js';

/** What the first traced application of the process registers; later ones share it. */
export interface GlobalTracingOptions {
  readonly resource: Resource;
  readonly sampler: Sampler;
}

/** One application's share of the process-wide tracing; `release` when the application closes. */
export interface TracingLease {
  /** `false` when another SDK owned the global API first: ours still exports its own spans. */
  readonly registeredGlobally: boolean;
  tracer(name: string, version: string): Tracer;
  /** Flushes this application's exporter; the last lease also unregisters from the global API. */
  release(): Promise<void>;
}

interface ProcessTracing {
  readonly provider: TracerProvider;
  readonly processors: FanOutSpanProcessor;
  readonly registeredGlobally: boolean;
  leases: number;
}

let current: ProcessTracing | undefined;

/**
 * Registers the SDK with the global OpenTelemetry API — tracer provider, AsyncLocalStorage
 * context manager, W3C Trace Context + Baggage propagator — so spans a tool author starts with
 * `trace.getTracer(...)` nest under the server's spans and are exported (docs/tracing.md
 * "Registration"). The API holds one provider per process, so registration is counted: the first
 * application registers, each adds its own exporting `processor`, and the last one to close
 * unregisters, leaving the process as it was (tests open and close many applications).
 */
export function acquireGlobalTracing(
  options: GlobalTracingOptions,
  processor: SpanProcessor,
): TracingLease {
  const tracing = (current ??= register(options));
  tracing.leases++;
  tracing.processors.add(processor);
  let released = false;
  return {
    registeredGlobally: tracing.registeredGlobally,
    tracer: (name, version) => tracing.provider.getTracer(name, version),
    release: async () => {
      if (released) return;
      released = true;
      tracing.processors.delete(processor);
      try {
        // Flushes this application's last batch; a collector that is down only loses it.
        await processor.shutdown();
      } finally {
        if (--tracing.leases === 0) await unregister(tracing);
      }
    },
  };
}

async function unregister(tracing: ProcessTracing): Promise<void> {
  current = undefined;
  if (tracing.registeredGlobally) {
    trace.disable();
    context.disable();
    propagation.disable();
  }
  await tracing.provider.shutdown();
}

function register(options: GlobalTracingOptions): ProcessTracing {
  const processors = new FanOutSpanProcessor();
  const provider = new TracerProvider({
    resource: options.resource,
    sampler: options.sampler,
    spanProcessors: [processors],
  });
  // Each setter refuses (returns false) when something registered first; then all three stay
  // theirs, and ours only traces through its own tracer.
  const registeredGlobally = trace.setGlobalTracerProvider(provider);
  if (registeredGlobally) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(
      new CompositePropagator({
        propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
      }),
    );
  }
  return { provider, processors, registeredGlobally, leases: 0 };
}
