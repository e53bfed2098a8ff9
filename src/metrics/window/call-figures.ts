import { REQUEST_BUCKETS } from '../metric-names.js';

/**
 * Cumulative tool-call figures of one tool at one instant, as the prom-client registry holds
 * them: calls by outcome (`mcp_tool_calls_total`, all versions) and the latency histogram's
 * cumulative bucket counts (`mcp_tool_call_duration_seconds`, one per {@link REQUEST_BUCKETS}
 * bound, then `+Inf`).
 */
export interface ToolCallTotals {
  readonly outcomes: ReadonlyMap<string, number>;
  readonly buckets: readonly number[];
}

/** Calls, errors and p95 latency over some interval. */
export interface CallFigures {
  readonly calls: number;
  readonly errors: number;
  /** Milliseconds, from the histogram buckets; `null` without a finished call. */
  readonly p95Ms: number | null;
}

/**
 * Outcomes counted as errors (the audit outcomes of docs/audit.md): a failure of the tool or of
 * its input. Declined, queued, cancelled and replayed calls are not errors.
 */
export const FAILED_OUTCOMES: ReadonlySet<string> = new Set([
  'tool_error',
  'invalid_arguments',
  'timeout',
  'internal_error',
]);

const NO_CALLS: ToolCallTotals = {
  outcomes: new Map(),
  buckets: new Array<number>(REQUEST_BUCKETS.length + 1).fill(0),
};

/** `later − earlier` (a tool missing from `earlier` had no calls then). */
export function figuresBetween(
  later: ToolCallTotals,
  earlier: ToolCallTotals = NO_CALLS,
): CallFigures {
  let calls = 0;
  let errors = 0;
  for (const [outcome, count] of later.outcomes) {
    const delta = count - (earlier.outcomes.get(outcome) ?? 0);
    calls += delta;
    if (FAILED_OUTCOMES.has(outcome)) errors += delta;
  }
  const buckets = later.buckets.map((count, index) => count - (earlier.buckets[index] ?? 0));
  return { calls, errors, p95Ms: quantileMs(buckets, 0.95) };
}

/** The sum of several tools' totals, for figures over all tools. */
export function sumTotals(totals: Iterable<ToolCallTotals>): ToolCallTotals {
  const outcomes = new Map<string, number>();
  const buckets = [...NO_CALLS.buckets];
  for (const one of totals) {
    for (const [outcome, count] of one.outcomes) {
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + count);
    }
    one.buckets.forEach((count, index) => (buckets[index] = (buckets[index] ?? 0) + count));
  }
  return { outcomes, buckets };
}

/**
 * The `q` quantile of a cumulative histogram, interpolated linearly inside its bucket as
 * Prometheus' `histogram_quantile` does; a rank in the `+Inf` bucket answers the highest finite
 * bound. So it is an estimate whose precision is the bucket width (README "The admin dashboard").
 */
export function quantileMs(cumulative: readonly number[], q: number): number | null {
  const total = cumulative[cumulative.length - 1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  const index = cumulative.findIndex((count) => count >= rank);
  const upper = REQUEST_BUCKETS[index];
  if (upper === undefined) return secondsToMs(REQUEST_BUCKETS[REQUEST_BUCKETS.length - 1] ?? 0);
  const lower = index === 0 ? 0 : (REQUEST_BUCKETS[index - 1] ?? 0);
  const below = index === 0 ? 0 : (cumulative[index - 1] ?? 0);
  const inBucket = (cumulative[index] ?? 0) - below;
  const share = inBucket === 0 ? 1 : (rank - below) / inBucket;
  return secondsToMs(lower + (upper - lower) * share);
}

function secondsToMs(seconds: number): number {
  return Math.round(seconds * 100_000) / 100;
}
