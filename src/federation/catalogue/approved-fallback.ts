import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';

/** One recorded definition (`tool_versions` or `prompt_versions` row), as the catalogue needs it. */
export interface RecordedDefinition {
  readonly definitionSha256: string;
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly definition: JsonObject;
}

/**
 * The recorded definition to keep serving in place of the one the upstream lists now
 * (docs/federation.md "Versions"), shared by tools and prompts: while the current definition
 * (`currentSha256`, `undefined` when the lint refused it) is not approved, the latest approved
 * earlier one (rows newest decision first) — but only if `sameContract` says what callers send
 * it still means the same (a tool's `inputSchema`, a prompt's arguments); otherwise nothing is
 * served until an admin approves the change.
 */
export function approvedFallback(
  rows: readonly RecordedDefinition[],
  currentSha256: string | undefined,
  sameContract: (definition: JsonObject) => boolean,
): JsonObject | undefined {
  if (currentSha256 !== undefined && isApproved(rows, currentSha256)) return undefined;
  const earlier = rows.find(
    (row) => row.status === 'approved' && row.definitionSha256 !== currentSha256,
  );
  return earlier !== undefined && sameContract(earlier.definition) ? earlier.definition : undefined;
}

export function isApproved(rows: readonly RecordedDefinition[], sha256: string): boolean {
  return rows.some((row) => row.definitionSha256 === sha256 && row.status === 'approved');
}
