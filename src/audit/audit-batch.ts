import { escapeNul, escapeNulOrNull } from '../persistence/postgres-text.js';
import type { ToolCallFinished, ToolCallStarted } from './audit-log.js';

/** An outcome row waiting to be written, with how often writing it has failed. */
export interface PendingFinished {
  readonly entry: ToolCallFinished;
  readonly occurredMs: number;
  attempts: number;
}

/**
 * One multi-row INSERT: the rows arrive as one array per column and `unnest` turns them back
 * into rows, so the statement text is fixed (no per-batch SQL building) and any batch size is
 * a single round trip. Roles travel as JSON arrays because `unnest` flattens a 2-D array.
 * WITH ORDINALITY keeps the identity order equal to the queue order.
 */
export const INSERT_AUDIT_ROWS_SQL = `
INSERT INTO audit_log (correlation_id, event, occurred_at, subject, client_id, tenant, roles,
  transport, session_id, request_id, tool_name, tool_version, definition_sha256, arguments_sha256,
  outcome, duration_ms, detail)
SELECT r.correlation_id, r.event, to_timestamp(r.occurred_ms / 1000.0), r.subject, r.client_id,
  r.tenant,
  CASE WHEN r.roles IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(r.roles)) END,
  r.transport, r.session_id, r.request_id, r.tool_name, r.tool_version, r.definition_sha256,
  r.arguments_sha256, r.outcome, r.duration_ms, r.detail
FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::text[], $5::text[], $6::text[], $7::jsonb[],
  $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
  $15::text[], $16::integer[], $17::text[])
  WITH ORDINALITY AS r(correlation_id, event, occurred_ms, subject, client_id, tenant, roles,
    transport, session_id, request_id, tool_name, tool_version, definition_sha256,
    arguments_sha256, outcome, duration_ms, detail, ord)
ORDER BY r.ord`;

const COLUMN_COUNT = 17;
const INT4_MAX = 2_147_483_647;
/** Columns 4–14 of an outcome row: who and what are on the started row it follows. */
const NO_CALLER_COLUMNS: readonly null[] = new Array<null>(11).fill(null);

/**
 * Rows written together in one statement. Every "started" row of the batch shares one promise:
 * it settles when the statement is acknowledged, so callers learn about durability together.
 */
export class AuditBatch {
  readonly started: ToolCallStarted[] = [];
  readonly finished: PendingFinished[] = [];
  private readonly startedMs: number[] = [];
  private done: Promise<void> | undefined;
  private resolve: (() => void) | undefined;
  private reject: ((error: Error) => void) | undefined;

  get size(): number {
    return this.started.length + this.finished.length;
  }

  addStarted(entry: ToolCallStarted, occurredMs: number): Promise<void> {
    this.started.push(entry);
    this.startedMs.push(occurredMs);
    // Created on the first started row only: a batch of outcome rows has nobody waiting, and
    // a rejected promise nobody listens to would be an unhandled rejection.
    this.done ??= new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    return this.done;
  }

  addFinished(row: PendingFinished): void {
    this.finished.push(row);
  }

  settle(error: Error | undefined): void {
    if (error === undefined) this.resolve?.();
    else this.reject?.(error);
  }

  /** The column arrays of {@link INSERT_AUDIT_ROWS_SQL}, in parameter order. */
  parameters(): unknown[][] {
    const columns: unknown[][] = Array.from({ length: COLUMN_COUNT }, () => []);
    const push = (row: readonly unknown[]): void => {
      for (let i = 0; i < COLUMN_COUNT; i++) (columns[i] as unknown[]).push(row[i]);
    };
    for (let i = 0; i < this.started.length; i++) {
      const s = this.started[i] as ToolCallStarted;
      push([
        s.correlationId,
        'tool_call.started',
        this.startedMs[i],
        escapeNulOrNull(s.subject),
        escapeNulOrNull(s.clientId),
        escapeNulOrNull(s.tenant),
        JSON.stringify(s.roles.map(escapeNul)),
        s.transport,
        escapeNulOrNull(s.sessionId),
        escapeNulOrNull(s.requestId),
        escapeNulOrNull(s.toolName),
        escapeNulOrNull(s.toolVersion),
        escapeNulOrNull(s.definitionSha256),
        escapeNulOrNull(s.argumentsSha256),
        null,
        null,
        null,
      ]);
    }
    for (const { entry: f, occurredMs } of this.finished) {
      const durationMs = Math.min(INT4_MAX, Math.max(0, Math.round(f.durationMs)));
      push([
        f.correlationId,
        'tool_call.finished',
        occurredMs,
        ...NO_CALLER_COLUMNS,
        f.outcome,
        durationMs,
        escapeNulOrNull(f.detail),
      ]);
    }
    return columns;
  }
}
