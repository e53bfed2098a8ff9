import type { TransportKind } from '../protocol/context/request-context.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';

/** The "started" row of one `tools/call`: written and committed before the handler runs. */
export interface ToolCallStarted {
  /** Unique per call; links the started and outcome rows and the logs. */
  readonly correlationId: string;
  readonly requestId: string;
  readonly sessionId: string | undefined;
  readonly subject: string;
  readonly clientId: string | undefined;
  readonly tenant: string | undefined;
  readonly roles: readonly string[];
  readonly transport: TransportKind;
  readonly toolName: string;
  readonly toolVersion: string;
  readonly definitionSha256: string;
  /** SHA-256 of the canonical JSON of the arguments. */
  readonly argumentsSha256: string;
  /**
   * The arguments, from which a redacted copy is stored when `MCP_AUDIT_ARGUMENTS=redacted`;
   * otherwise only the digest is kept.
   */
  readonly arguments?: JsonObject;
}

export type ToolCallOutcome =
  | 'success'
  | 'tool_error'
  | 'invalid_arguments'
  | 'cancelled'
  | 'timeout'
  | 'internal_error'
  /** 2026-07-28 multi-round trip: the handler asked the client for input (SEP-2322). */
  | 'input_required'
  /** A retry under an idempotency key answered with the first call's result (docs/approvals.md). */
  | 'replayed'
  /** Queued for an approver (docs/approvals.md "Call approvals"); `detail` is the approval id. */
  | 'approval_pending'
  /** The user asked to approve the call declined it; nothing ran. */
  | 'approval_declined';

export interface ToolCallFinished {
  readonly correlationId: string;
  readonly outcome: ToolCallOutcome;
  readonly durationMs: number;
  /** JSON-RPC error code or a short machine reason; never internal error text. */
  readonly detail?: string;
}

/**
 * The one row of a call audited after it ran (docs/architecture.md "The audit contract": tools
 * that cannot change anything): who and what, as in {@link ToolCallStarted}, with the outcome.
 */
export type ToolCallCompleted = ToolCallStarted & Omit<ToolCallFinished, 'correlationId'>;

/** The audit database could not make the "started" row durable: the call must not run (fail closed). */
export class AuditUnavailableError extends Error {
  constructor(cause: unknown) {
    super('audit log unavailable', { cause });
    this.name = 'AuditUnavailableError';
  }
}

/**
 * Append-only audit trail of tool calls. Abstract class so it doubles as the DI token.
 * Implementations batch concurrent writes into group commits (one round trip per batch).
 */
export abstract class AuditLog {
  /** Resolves once the row's COMMIT is acknowledged; rejects with {@link AuditUnavailableError}. */
  abstract recordStarted(entry: ToolCallStarted): Promise<void>;
  /**
   * The single row of a call that ran before it was audited: resolves once its COMMIT is
   * acknowledged (the result may leave only then); rejects with {@link AuditUnavailableError}.
   */
  abstract recordCompleted(entry: ToolCallCompleted): Promise<void>;
  /** Queues the outcome row; written in the next batch, flushed on shutdown. Never throws. */
  abstract recordFinished(entry: ToolCallFinished): void;
  /** Writes everything queued so far. */
  abstract flush(): Promise<void>;
}
