import type { Counter, Gauge, Histogram } from 'prom-client';

import { REQUEST_BUCKETS } from '../metric-names.js';
import type { ToolCallTotals } from './call-figures.js';

/** What the registry held at one instant: each called tool's totals and the open sessions. */
export interface RegistrySnapshot {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly tools: ReadonlyMap<string, ToolCallTotals>;
  readonly activeSessions: number;
}

const BUCKET_SUFFIX = '_bucket';

/**
 * Reads the tool-call counter and latency histogram and the sessions gauge through prom-client's
 * `get()`, as a scrape does: nothing on the call path changes. The sessions gauge is computed by
 * its own `collect` at this moment (src/metrics/session-counts.ts).
 */
export async function readRegistry(
  toolCalls: Counter<string>,
  toolDurations: Histogram<string>,
  sessions: Gauge<string>,
  at: number,
): Promise<RegistrySnapshot> {
  const [calls, durations, open] = await Promise.all([
    toolCalls.get(),
    toolDurations.get(),
    sessions.get(),
  ]);
  const outcomes = new Map<string, Map<string, number>>();
  for (const { labels, value } of calls.values) {
    const tool = String(labels.tool);
    const byOutcome = outcomes.get(tool) ?? new Map<string, number>();
    const outcome = String(labels.outcome);
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + value);
    outcomes.set(tool, byOutcome);
  }
  const buckets = new Map<string, number[]>();
  for (const { labels, value, metricName } of durations.values) {
    if (metricName?.endsWith(BUCKET_SUFFIX) !== true) continue;
    const tool = String(labels.tool);
    const counts = buckets.get(tool) ?? new Array<number>(REQUEST_BUCKETS.length + 1).fill(0);
    const bound =
      labels.le === '+Inf' ? REQUEST_BUCKETS.length : REQUEST_BUCKETS.indexOf(Number(labels.le));
    if (bound >= 0) counts[bound] = value;
    buckets.set(tool, counts);
  }
  const tools = new Map<string, ToolCallTotals>();
  for (const [tool, byOutcome] of outcomes) {
    tools.set(tool, {
      outcomes: byOutcome,
      buckets: buckets.get(tool) ?? new Array<number>(REQUEST_BUCKETS.length + 1).fill(0),
    });
  }
  const activeSessions = open.values.reduce((sum, { value }) => sum + value, 0);
  return { at, tools, activeSessions };
}
