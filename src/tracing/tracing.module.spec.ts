import { Injectable, Module, Optional } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it, vi } from 'vitest';

import { loadConfig } from '../config/index.js';
import { McpTracer } from './mcp-tracer.js';
import { TracingModule } from './tracing.module.js';

/** Holds the tracer the way the dispatcher, the listener and RequestTelemetry do. */
@Injectable()
class TracerConsumer {
  constructor(@Optional() readonly tracer?: McpTracer) {}
}

@Module({ providers: [TracerConsumer] })
class ConsumerModule {}

async function compile(env: Record<string, string>) {
  return Test.createTestingModule({
    imports: [TracingModule.forRoot(loadConfig(env)), ConsumerModule],
  }).compile();
}

describe('TracingModule', () => {
  it('should create nothing when OTEL_EXPORTER_OTLP_ENDPOINT is unset', async () => {
    const moduleRef = await compile({});
    expect(moduleRef.get(TracerConsumer).tracer).toBeUndefined();
    expect(() => moduleRef.get(TracerProvider, { strict: false })).toThrow();
    // Nothing was registered with the global OTel API either: its provider stays the no-op.
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
    await moduleRef.close();
  });

  it('should provide the tracer and flush the provider on shutdown when the endpoint is set', async () => {
    const shutdown = vi.spyOn(TracerProvider.prototype, 'shutdown');
    const moduleRef = await compile({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' });
    expect(moduleRef.get(TracerConsumer).tracer).toBeInstanceOf(McpTracer);
    expect(shutdown).not.toHaveBeenCalled();
    await moduleRef.close();
    expect(shutdown).toHaveBeenCalledTimes(1);
    shutdown.mockRestore();
  });

  it('should refuse an endpoint that is not an http(s) URL', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });
});
