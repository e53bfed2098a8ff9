import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { pgPoolOf } from '../../src/persistence/pg-pool.js';
import { startInMemoryTracing } from '../../src/tracing/in-memory-tracing.js';
import { traceQueriesOf } from '../../src/tracing/pg-query-spans.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

describeEachDatabase('Postgres query spans on the pool', (tier) => {
  const database = useTestDatabase(tier);
  const tracing = startInMemoryTracing();
  const tracer = tracing.lease.tracer('t', '1');
  const querySpans = () => tracing.spans().filter((s) => s.kind === SpanKind.CLIENT);

  /** Runs `work` with a request span current, as the server's spans are. */
  async function inSpan<T>(work: () => Promise<T>): Promise<T> {
    const span = tracer.startSpan('request');
    try {
      return await context.with(trace.setSpan(context.active(), span), work);
    } finally {
      span.end();
    }
  }

  beforeAll(() => traceQueriesOf(pgPoolOf(database().dataSource), tracer));
  beforeEach(() => tracing.reset());
  afterAll(() => tracing.lease.release());

  it('should trace a TypeORM query made inside a span, without its values', async () => {
    await inSpan(() =>
      database().dataSource.query(`SELECT $1::text AS secret, 'literal' AS x`, ['hunter2']),
    );
    const [query] = querySpans();
    expect(query?.name).toBe('SELECT');
    expect(query?.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.operation.name': 'SELECT',
      'db.query.text': 'SELECT $1::text AS secret, ? AS x',
    });
    expect(JSON.stringify(query?.attributes)).not.toContain('hunter2');
  });

  it('should mark a failed statement with its SQLSTATE', async () => {
    await expect(
      inSpan(() => database().dataSource.query('SELECT * FROM no_such_table')),
    ).rejects.toThrow();
    const [query] = querySpans();
    expect(query?.name).toBe('SELECT no_such_table');
    expect(query?.status.code).toBe(SpanStatusCode.ERROR);
    expect(query?.attributes['error.type']).toBe('42P01');
  });

  it('should leave statements outside any trace alone', async () => {
    await database().dataSource.query('SELECT 1');
    expect(querySpans()).toEqual([]);
  });
});
