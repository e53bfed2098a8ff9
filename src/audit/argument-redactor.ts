import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';

/** Keys whose values never reach the audit copy, matched case-insensitively anywhere in the key. */
const SECRET_KEY =
  /pass(word|phrase)?|secret|token|api[-_]?key|authori[sz]ation|cookie|credential|private[-_]?key|session[-_]?id/i;
const CENSOR = '[redacted]';

/**
 * The optional copy of a call's arguments kept in `audit_log.arguments_redacted`
 * (`MCP_AUDIT_ARGUMENTS=redacted`): the same JSON with the value of every credential-like key,
 * at any depth, replaced by `[redacted]`. The digest of the original arguments is always kept.
 */
export function redactArguments(args: JsonObject): JsonObject {
  return redactValue(args) as JsonObject;
}

function redactValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(redactValue);
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    copy[key] = SECRET_KEY.test(key) ? CENSOR : redactValue(member);
  }
  return copy;
}
