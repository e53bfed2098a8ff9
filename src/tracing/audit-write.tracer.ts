import {
  context,
  type Link,
  ROOT_CONTEXT,
  type SpanContext,
  SpanKind,
  trace,
  type Tracer,
} from '@opentelemetry/api';

import { markFailed } from './span-status.js';
import { MCP_AUDIT_ROWS, MCP_AUDIT_WAITING_CALLS } from './trace-attributes.js';

/** The SDK's default bound on links per span; calls past it are counted, not linked. */
const MAX_LINKS = 128;

/**
 * One span per group commit of the audit log (docs/architecture.md "The audit contract"), not
 * per row: a statement carries the "started" rows of many concurrent calls. Its parent is the
 * first call waiting for that commit, the others are linked, so each tool call's trace shows the
 * commit it waited for without a span per call. Batches of outcome rows alone, which nobody
 * waits for, are not traced, nor is their statement.
 */
export class AuditWriteTracer {
  private readonly waiting = new WeakMap<object, SpanContext[]>();

  constructor(private readonly tracer: Tracer) {}

  /** A call's "started" row joined `batch`; the call's current span waits for its commit. */
  rowQueued(batch: object): void {
    const waiter = trace.getActiveSpan()?.spanContext();
    if (waiter === undefined) return;
    const waiters = this.waiting.get(batch);
    if (waiters === undefined) this.waiting.set(batch, [waiter]);
    else waiters.push(waiter);
  }

  /** Writes `batch` (`rows` rows) inside its span when a traced call waits for it. */
  async traceWrite<T>(batch: object, rows: number, write: () => Promise<T>): Promise<T> {
    const [first, ...others] = this.waiting.get(batch) ?? [];
    // The write runs in the context of whoever queued its first row (a microtask inherits it):
    // without a waiter it leaves that context, so its statement is not told as part of a call.
    if (first === undefined) return context.with(ROOT_CONTEXT, write);
    const links: Link[] = others.slice(0, MAX_LINKS).map((waiter) => ({ context: waiter }));
    const parent = trace.setSpanContext(ROOT_CONTEXT, first);
    const span = this.tracer.startSpan(
      'audit_log append',
      {
        kind: SpanKind.INTERNAL,
        links,
        attributes: { [MCP_AUDIT_ROWS]: rows, [MCP_AUDIT_WAITING_CALLS]: others.length + 1 },
      },
      parent,
    );
    try {
      return await context.with(trace.setSpan(parent, span), write);
    } catch (error) {
      markFailed(span, error instanceof Error ? error.name : 'unknown');
      throw error;
    } finally {
      span.end();
    }
  }
}
