import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';

import { Test } from '@nestjs/testing';
import { context, trace } from '@opentelemetry/api';
import type { PinoLogger } from 'nestjs-pino';
import pino, { type LoggerOptions } from 'pino';
import { describe, expect, it } from 'vitest';

import { startInMemoryTracing } from '../tracing/in-memory-tracing.js';

import { ConfigModule, loadConfig } from '../config/index.js';
import { createLoggerModule } from './logging.module.js';
import { logOutputFor } from './log-output.js';
import { buildPinoHttpOptions } from './pino-http-options.js';
import { RequestLogLine, type RequestLogFields } from './request-log-line.js';
import { requestIdFor } from './request-id.js';

/** Collects pino's JSON lines. */
function memoryStream() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

function optionsFor(env: Record<string, string>) {
  return buildPinoHttpOptions(loadConfig(env), logOutputFor(undefined, 'stdout', false))[0];
}

const fields: RequestLogFields = {
  requestId: 'r-1',
  session: 's-1',
  principal: 'alice',
  client: 'agent-x',
  method: 'tools/call',
  tool: 'echo',
  outcome: 'success',
  durationMs: 3,
};

describe('logging', () => {
  it('should redact credentials in headers and token/secret keys at any of three levels', () => {
    const { lines, stream } = memoryStream();
    const logger = pino(optionsFor({}) as LoggerOptions, stream);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer eyJ-secret', cookie: 'sid=abc' } },
        token: 'top-token',
        args: { access_token: 'nested-token', deeper: { client_secret: 'deep-secret' } },
        harmless: 'visible',
      },
      'hello',
    );
    const text = JSON.stringify(lines);
    for (const secret of ['eyJ-secret', 'sid=abc', 'top-token', 'nested-token', 'deep-secret']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('visible');
    expect(text).toContain('[redacted]');
  });

  it('should log pretty on a terminal and JSON elsewhere, unless LOG_FORMAT says', () => {
    expect(logOutputFor(undefined, 'stderr', true)).toEqual({
      destination: 'stderr',
      fd: 2,
      format: 'pretty',
      colors: true,
    });
    expect(logOutputFor(undefined, 'stdout', false)).toMatchObject({ format: 'json', fd: 1 });
    expect(logOutputFor('json', 'stdout', true)).toMatchObject({ format: 'json', colors: false });
    // Asked for pretty into a pipe or a file: readable lines, but no escape codes.
    expect(logOutputFor('pretty', 'stderr', false)).toMatchObject({
      format: 'pretty',
      colors: false,
    });
    expect(optionsFor({ LOG_LEVEL: 'warn' }).level).toBe('warn');
  });

  it('should reuse a well-formed X-Request-Id and replace anything else', () => {
    const response = () => {
      const headers = new Map<string, unknown>();
      const res = { headersSent: false, setHeader: (k: string, v: unknown) => headers.set(k, v) };
      return { res: res as unknown as ServerResponse, headers };
    };
    const request = (id: string | undefined) =>
      ({ headers: { 'x-request-id': id } }) as unknown as IncomingMessage;

    const ok = response();
    expect(requestIdFor(request('lb-123.abc'), ok.res)).toBe('lb-123.abc');
    expect(ok.headers.get('x-request-id')).toBe('lb-123.abc');
    for (const bad of ['a\nb', 'x'.repeat(129), '', undefined]) {
      expect(requestIdFor(request(bad), response().res)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('should write one line per request, at error level for internal errors', () => {
    const { lines, stream } = memoryStream();
    const sut = new RequestLogLine({ logger: pino(stream) } as unknown as PinoLogger);
    expect(sut.enabled).toBe(true);
    sut.write(fields);
    sut.write({ ...fields, outcome: 'internal_error' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ ...fields, level: 30, context: 'RequestLogLine' });
    expect(lines[1]).toMatchObject({ outcome: 'internal_error', level: 50 });
  });

  it('should report request lines disabled when the level filters them out', () => {
    const { lines, stream } = memoryStream();
    const sut = new RequestLogLine({
      logger: pino({ level: 'warn' }, stream),
    } as unknown as PinoLogger);
    expect(sut.enabled).toBe(false);
    sut.write(fields);
    expect(lines).toHaveLength(0);
  });

  it('should build the Nest module from APP_CONFIG and provide RequestLogLine', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(loadConfig({ LOG_LEVEL: 'silent' })),
        createLoggerModule({ destination: 'stderr' }),
      ],
    }).compile();
    const sut = await moduleRef.resolve(RequestLogLine);
    expect(sut.enabled).toBe(false);
    await moduleRef.close();
  });

  describe('trace fields', () => {
    const tracedEnv = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };

    /** Logs one line inside a span (tracing registered as the app registers it) and one outside. */
    async function linesAroundASpan(env: Record<string, string>) {
      const tracing = startInMemoryTracing();
      try {
        const { lines, stream } = memoryStream();
        const logger = pino(optionsFor(env) as LoggerOptions, stream);
        const span = tracing.lease.tracer('t', '1').startSpan('request');
        context.with(trace.setSpan(context.active(), span), () => logger.info({ a: 1 }, 'inside'));
        span.end();
        logger.info('outside');
        return { lines, span: span.spanContext() };
      } finally {
        await tracing.lease.release();
      }
    }

    it('should put the trace and span id of the current span in each line when tracing is on', async () => {
      const { lines, span } = await linesAroundASpan(tracedEnv);
      expect(lines[0]).toMatchObject({
        msg: 'inside',
        a: 1,
        trace_id: span.traceId,
        span_id: span.spanId,
        trace_flags: '01',
      });
      expect(lines[1]).not.toHaveProperty('trace_id');
    });

    it('should add no trace fields when tracing is off', async () => {
      const { lines } = await linesAroundASpan({});
      expect(lines[0]).not.toHaveProperty('trace_id');
      expect(lines[0]).not.toHaveProperty('span_id');
    });
  });
});
