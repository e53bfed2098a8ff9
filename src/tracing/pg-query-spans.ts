import { context, SpanKind, trace, type Tracer } from '@opentelemetry/api';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_SUMMARY,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';
import type { Pool, PoolClient } from 'pg';

import { type DbQueryShape, dbQueryShape } from './db-query-summary.js';
import { markFailed } from './span-status.js';

/** A client whose `query` is wrapped already (pg-pool hands the same clients out again). */
const TRACED = Symbol('tracedQueries');

type QueryFunction = (this: PoolClient, ...args: unknown[]) => unknown;
type TracedClient = PoolClient & { [TRACED]?: true };

/** Statements repeat (TypeORM's and the prepared hot ones): their shapes are parsed once. */
const MAX_CACHED_SHAPES = 1000;

/**
 * Database CLIENT spans for the statements run while a span is current (semconv database spans,
 * `db.system.name=postgresql`). The `pg` pool's `acquire` event wraps each client's `query` the
 * first time it is checked out: every path — TypeORM's query runner, the prepared hot statements,
 * the embedded PGlite behind its socket — goes through a pooled client. `pg` is CommonJS, loaded
 * by TypeORM with `require` from this ESM application, before any instrumentation could patch it
 * at load time, so the pool of this application is instrumented instead (docs/tracing.md).
 * Statements outside any trace (LISTEN, the session sweeper) and callback-style calls pass
 * through untouched.
 */
export function traceQueriesOf(pool: Pool, tracer: Tracer): void {
  const shapes = new Map<string, DbQueryShape>();
  const shapeOf = (sql: string): DbQueryShape => {
    let shape = shapes.get(sql);
    if (shape === undefined) {
      shape = dbQueryShape(sql);
      if (shapes.size >= MAX_CACHED_SHAPES) shapes.clear();
      shapes.set(sql, shape);
    }
    return shape;
  };
  pool.on('acquire', (client: TracedClient) => {
    if (client[TRACED]) return;
    client[TRACED] = true;
    // Kept unbound and applied to the client it was taken from, as `pg` calls it.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const query = client.query as unknown as QueryFunction;
    const traced: QueryFunction = function (this: PoolClient, ...args) {
      const parent = context.active();
      const sql = sqlOf(args[0]);
      if (sql === undefined || trace.getSpan(parent) === undefined) return query.apply(this, args);
      if (typeof args.at(-1) === 'function') return query.apply(this, args);
      const shape = shapeOf(sql);
      const span = tracer.startSpan(
        shape.summary,
        {
          kind: SpanKind.CLIENT,
          attributes: {
            [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
            [ATTR_DB_OPERATION_NAME]: shape.operation,
            [ATTR_DB_QUERY_SUMMARY]: shape.summary,
            [ATTR_DB_QUERY_TEXT]: shape.text,
            ...(shape.collection === undefined
              ? {}
              : { [ATTR_DB_COLLECTION_NAME]: shape.collection }),
          },
        },
        parent,
      );
      const ended = (error?: unknown): void => {
        if (error !== undefined) markFailed(span, errorTypeOf(error));
        span.end();
      };
      const result = query.apply(this, args);
      if (!(result instanceof Promise)) {
        // A submittable (cursor, stream): its rows arrive later through events of its own.
        ended();
        return result;
      }
      return result.then(
        (value: unknown) => {
          ended();
          return value;
        },
        (error: unknown) => {
          ended(error);
          throw error;
        },
      );
    };
    client.query = traced as unknown as PoolClient['query'];
  });
}

function sqlOf(first: unknown): string | undefined {
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && 'text' in first) {
    const { text } = first;
    return typeof text === 'string' ? text : undefined;
  }
  return undefined;
}

/** Semconv: the SQLSTATE Postgres answered, else the error's class name. */
function errorTypeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    if (typeof code === 'string') return code;
  }
  return error instanceof Error ? error.name : 'unknown';
}
