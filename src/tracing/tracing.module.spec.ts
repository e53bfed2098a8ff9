import { Injectable, Module, Optional } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { context, propagation, ProxyTracerProvider, trace, TraceFlags } from '@opentelemetry/api';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it, vi } from 'vitest';

import { loadConfig } from '../config/index.js';
import { AuditWriteTracer } from './audit-write.tracer.js';
import { McpTracer } from './mcp-tracer.js';
import { TracingModule } from './tracing.module.js';

/** Holds the tracers the way the dispatcher, the listener and the audit log do. */
@Injectable()
class TracerConsumer {
  constructor(
    @Optional() readonly tracer?: McpTracer,
    @Optional() readonly auditTracer?: AuditWriteTracer,
  ) {}
}

@Module({ providers: [TracerConsumer] })
class ConsumerModule {}

async function compile(env: Record<string, string>) {
  return Test.createTestingModule({
    imports: [TracingModule.forRoot(loadConfig(env)), ConsumerModule],
  }).compile();
}

/** Whether the global API delegates to an SDK provider (it is the no-op until one registers). */
function globallyRegistered(): boolean {
  const global = trace.getTracerProvider();
  return global instanceof ProxyTracerProvider && global.getDelegate() instanceof TracerProvider;
}

describe('TracingModule', () => {
  it('should create and register nothing when OTEL_EXPORTER_OTLP_ENDPOINT is unset', async () => {
    const moduleRef = await compile({});
    expect(moduleRef.get(TracerConsumer)).toMatchObject({
      tracer: undefined,
      auditTracer: undefined,
    });
    expect(globallyRegistered()).toBe(false);
    await moduleRef.close();
  });

  it('should register the SDK globally while the app is open, and unregister it on close', async () => {
    const shutdown = vi.spyOn(BatchSpanProcessor.prototype, 'shutdown');
    const moduleRef = await compile({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' });
    expect(moduleRef.get(TracerConsumer).tracer).toBeInstanceOf(McpTracer);
    expect(moduleRef.get(TracerConsumer).auditTracer).toBeInstanceOf(AuditWriteTracer);
    expect(globallyRegistered()).toBe(true);
    // The W3C propagator is global too: what an upstream call injects.
    const span = trace.wrapSpanContext({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    });
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), headers);
    expect(headers.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    await moduleRef.close();
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(globallyRegistered()).toBe(false);
    shutdown.mockRestore();
  });

  it('should keep the registration while another app of the process is open', async () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' };
    const first = await compile(env);
    const second = await compile(env);
    await first.close();
    expect(globallyRegistered()).toBe(true);
    await second.close();
    expect(globallyRegistered()).toBe(false);
  });

  it('should refuse an endpoint that is not an http(s) URL', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it.each([
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, /OTEL_TRACES_SAMPLER must be one of/],
    [{ OTEL_TRACES_SAMPLER_ARG: '1.5' }, /OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1/],
  ])('should refuse a bad sampler setting %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('should read the sampler, parent-based always-on by default', () => {
    expect(loadConfig({}).ops).toMatchObject({
      tracesSampler: 'parentbased_always_on',
      tracesSamplerRatio: 1,
    });
    const env = {
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    };
    expect(loadConfig(env).ops).toMatchObject({
      tracesSampler: 'parentbased_traceidratio',
      tracesSamplerRatio: 0.25,
    });
  });
});
