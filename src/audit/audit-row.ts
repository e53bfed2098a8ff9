import { hash } from 'node:crypto';

import { canonicalJson } from '../protocol/schema/canonical-json.js';
import { escapeNul } from '../persistence/postgres-text.js';

export type AuditEvent =
  | 'tool_call.started'
  | 'tool_call.finished'
  /** A call audited in one row after it ran: the started columns and the outcome together. */
  | 'tool_call.completed'
  /** An admin API change: `action`, `target`, `change_before`/`change_after`. */
  | 'admin.change'
  /** A change the server made itself, e.g. a new tool definition recorded at boot. */
  | 'registry.change'
  /** A client read a file of an Agent Skill (docs/skills.md): `target` is its URI. */
  | 'skill.read';

/**
 * One `audit_log` row exactly as stored (text NUL-escaped, the correlation id in lower case,
 * time as an ISO-8601 string with milliseconds, jsonb values as parsed JSON), so the hash the
 * writer computes is the hash the verifier recomputes from the stored columns.
 */
export interface AuditRow {
  readonly correlationId: string;
  readonly event: AuditEvent;
  readonly occurredAt: string;
  readonly subject: string | null;
  readonly clientId: string | null;
  readonly tenant: string | null;
  readonly roles: readonly string[] | null;
  readonly transport: string | null;
  readonly sessionId: string | null;
  readonly requestId: string | null;
  readonly toolName: string | null;
  readonly toolVersion: string | null;
  readonly definitionSha256: string | null;
  readonly argumentsSha256: string | null;
  readonly argumentsRedacted: unknown;
  readonly outcome: string | null;
  readonly durationMs: number | null;
  readonly detail: string | null;
  readonly action: string | null;
  readonly target: string | null;
  readonly changeBefore: unknown;
  readonly changeAfter: unknown;
}

/** Every column `null`: builders spread it and set what their event carries. */
export const EMPTY_AUDIT_COLUMNS = Object.freeze({
  subject: null,
  clientId: null,
  tenant: null,
  roles: null,
  transport: null,
  sessionId: null,
  requestId: null,
  toolName: null,
  toolVersion: null,
  definitionSha256: null,
  argumentsSha256: null,
  argumentsRedacted: null,
  outcome: null,
  durationMs: null,
  detail: null,
  action: null,
  target: null,
  changeBefore: null,
  changeAfter: null,
} as const);

/**
 * The content columns of a row in table order: the hash covers them, and `audit_append` stores
 * the columns it reads back from that same hashed text (audit-chain.writer), so both always agree
 * on what a row is.
 */
export function auditRowContent(row: AuditRow): unknown[] {
  return [
    row.correlationId,
    row.event,
    row.occurredAt,
    row.subject,
    row.clientId,
    row.tenant,
    row.roles,
    row.transport,
    row.sessionId,
    row.requestId,
    row.toolName,
    row.toolVersion,
    row.definitionSha256,
    row.argumentsSha256,
    row.argumentsRedacted ?? null,
    row.outcome,
    row.durationMs,
    row.detail,
    row.action,
    row.target,
    row.changeBefore ?? null,
    row.changeAfter ?? null,
  ];
}

/**
 * `row_hash` = SHA-256 over the RFC 8785 canonical JSON of the previous row's hash followed by
 * every content column in a fixed order. Changing, inserting or removing any row breaks the
 * link to its successor; the chain order is the `id` order, which the append lock makes the
 * insertion order. Appends compute it in SQL (`audit_append`, migration
 * CreateAuditAppendFunction) from {@link auditRowHashTail}; the verifier recomputes it here.
 */
export function auditRowHash(prevHash: string | null, row: AuditRow): string {
  const prev = prevHash === null ? 'null' : JSON.stringify(prevHash);
  return hash('sha256', `[${prev},${auditHashTail(auditRowContent(row))}`, 'hex');
}

/**
 * The hashed text after `[<prev_hash>,`: the canonical JSON of the content columns
 * ({@link auditRowContent}) without its opening bracket, since `canonicalJson([prev, ...content])`
 * is exactly `[` + prev + `,` + this tail.
 */
export function auditHashTail(content: readonly unknown[]): string {
  return canonicalJson(content).slice(1);
}

/**
 * Text as Postgres will store it: NUL escaped (postgres-text) and lone UTF-16 surrogates as
 * U+FFFD (`toWellFormed`), which is what UTF-8 encoding on the wire turns them into anyway.
 * Hashing anything else would make an untampered row fail verification.
 */
export function storedText(value: string | undefined): string | null {
  if (value === undefined) return null;
  const escaped = escapeNul(value);
  return escaped.isWellFormed() ? escaped : escaped.toWellFormed();
}

/**
 * A jsonb value as stored and read back: keys and strings through {@link storedText} (Postgres
 * rejects NUL and lone surrogates in jsonb), values JSON cannot carry dropped as JSON.stringify
 * drops them.
 */
export function storedJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value), (_key, item: unknown) => {
    if (typeof item === 'string') return storedText(item);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const entries = Object.entries(item as Record<string, unknown>);
    return entries.some(([key]) => storedText(key) !== key)
      ? (Object.fromEntries(entries.map(([key, member]) => [storedText(key), member])) as object)
      : item;
  }) as unknown;
}
