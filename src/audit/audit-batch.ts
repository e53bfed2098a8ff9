import { redactArguments } from './argument-redactor.js';
import type { ToolCallCompleted, ToolCallFinished, ToolCallStarted } from './audit-log.js';
import { type AuditRow, EMPTY_AUDIT_COLUMNS, storedJson, storedText } from './audit-row.js';

/** An outcome row waiting to be written, with how often Postgres refused it. */
export interface PendingFinished {
  readonly entry: ToolCallFinished;
  readonly occurredMs: number;
  attempts: number;
  /** A write of it failed before: that write may still have committed. */
  retried: boolean;
}

const INT4_MAX = 2_147_483_647;

/**
 * Rows written together in one transaction. Every "started" and "completed" row of the batch
 * shares one promise: it settles when the COMMIT is acknowledged, so callers learn about
 * durability together.
 */
export class AuditBatch {
  /** "started" rows, and "completed" ones (those with an `outcome`), in order. */
  readonly started: (ToolCallStarted | ToolCallCompleted)[] = [];
  readonly finished: PendingFinished[] = [];
  private readonly startedMs: number[] = [];
  private done: Promise<void> | undefined;
  private resolve: (() => void) | undefined;
  private reject: ((error: Error) => void) | undefined;

  /** Someone waits for this batch's commit: it holds a "started" or "completed" row. */
  get awaited(): boolean {
    return this.started.length > 0;
  }

  get size(): number {
    return this.started.length + this.finished.length;
  }

  addStarted(entry: ToolCallStarted | ToolCallCompleted, occurredMs: number): Promise<void> {
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

  /** Per row of {@link rows}: written again after a failed attempt (appendToAuditChain). */
  retriedFlags(): boolean[] {
    return [...this.started.map(() => false), ...this.finished.map((row) => row.retried)];
  }

  /**
   * The rows as stored, started and completed rows first; `keepArguments` adds the redacted copy
   * of the arguments. Each row is one literal naming every column, so all rows share one shape
   * and nothing is copied per row (every audited call passes here, README "Performance").
   */
  rows(keepArguments: boolean): AuditRow[] {
    const rows: AuditRow[] = [];
    for (let i = 0; i < this.started.length; i++) {
      const s = this.started[i] as ToolCallStarted | ToolCallCompleted;
      const completed = 'outcome' in s;
      rows.push({
        correlationId: s.correlationId.toLowerCase(),
        event: completed ? 'tool_call.completed' : 'tool_call.started',
        occurredAt: new Date(this.startedMs[i] as number).toISOString(),
        subject: storedText(s.subject),
        clientId: storedText(s.clientId),
        tenant: storedText(s.tenant),
        roles: s.roles.map((role) => storedText(role) as string),
        transport: s.transport,
        sessionId: storedText(s.sessionId),
        requestId: storedText(s.requestId),
        toolName: storedText(s.toolName),
        toolVersion: storedText(s.toolVersion),
        definitionSha256: storedText(s.definitionSha256),
        argumentsSha256: storedText(s.argumentsSha256),
        argumentsRedacted:
          keepArguments && s.arguments !== undefined
            ? storedJson(redactArguments(s.arguments))
            : null,
        outcome: completed ? s.outcome : null,
        durationMs: completed ? storedDuration(s.durationMs) : null,
        detail: completed ? storedText(s.detail) : null,
        action: null,
        target: null,
        changeBefore: null,
        changeAfter: null,
      });
    }
    for (const { entry: f, occurredMs } of this.finished) {
      rows.push({
        ...EMPTY_AUDIT_COLUMNS,
        outcome: f.outcome,
        durationMs: storedDuration(f.durationMs),
        detail: storedText(f.detail),
        correlationId: f.correlationId.toLowerCase(),
        event: 'tool_call.finished',
        occurredAt: new Date(occurredMs).toISOString(),
      });
    }
    return rows;
  }
}

/** `duration_ms` is an `integer` column. */
function storedDuration(durationMs: number): number {
  return Math.min(INT4_MAX, Math.max(0, Math.round(durationMs)));
}
