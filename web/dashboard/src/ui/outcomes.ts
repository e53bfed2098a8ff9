/** Call outcomes that count as errors (the audit log's outcomes, docs/architecture.md "Audit"). */
const FAILURES: ReadonlySet<string> = new Set([
  'tool_error',
  'invalid_arguments',
  'timeout',
  'internal_error',
]);

export function isFailure(outcome: string | null | undefined): boolean {
  return outcome !== null && outcome !== undefined && FAILURES.has(outcome);
}
