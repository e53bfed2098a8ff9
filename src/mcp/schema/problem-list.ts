/**
 * Most problems one message names. Arguments with thousands of bad array items would otherwise
 * get an error text as large as the request; the first ones are enough to correct the call.
 */
const MAX_LISTED = 20;

/** `a must be string; b must be >= 0`, the first {@link MAX_LISTED} of them and a count of the rest. */
export function listProblems(problems: readonly string[]): string {
  if (problems.length <= MAX_LISTED) return problems.join('; ');
  const rest = problems.length - MAX_LISTED;
  return `${problems.slice(0, MAX_LISTED).join('; ')}; and ${rest} more`;
}
