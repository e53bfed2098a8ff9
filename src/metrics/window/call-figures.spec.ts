import { describe, expect, it } from 'vitest';

import { REQUEST_BUCKETS } from '../metric-names.js';
import { figuresBetween, quantileMs, sumTotals, type ToolCallTotals } from './call-figures.js';

/** Cumulative bucket counts with `n` observations in the bucket bounded by `upperSeconds`. */
function histogram(...entries: [upperSeconds: number | 'inf', n: number][]): number[] {
  const counts = new Array<number>(REQUEST_BUCKETS.length + 1).fill(0);
  for (const [upper, n] of entries) {
    const index = upper === 'inf' ? REQUEST_BUCKETS.length : REQUEST_BUCKETS.indexOf(upper);
    for (let at = index; at < counts.length; at += 1) counts[at] = (counts[at] ?? 0) + n;
  }
  return counts;
}

function totals(outcomes: Record<string, number>, buckets: number[]): ToolCallTotals {
  return { outcomes: new Map(Object.entries(outcomes)), buckets };
}

describe('call figures', () => {
  it('should interpolate the p95 inside its bucket, as histogram_quantile does', () => {
    // 100 calls: 90 at most 10 ms, 10 between 25 and 50 ms: rank 95 is half-way into 25–50 ms.
    expect(quantileMs(histogram([0.01, 90], [0.05, 10]), 0.95)).toBe(37.5);
  });

  it('should answer null without calls and the highest bound for a rank past it', () => {
    expect(quantileMs(histogram(), 0.95)).toBeNull();
    expect(quantileMs(histogram(['inf', 3]), 0.95)).toBe(60_000);
  });

  it('should count the calls and errors between two snapshots, a new tool from zero', () => {
    const before = totals({ success: 5, tool_error: 1 }, histogram([0.01, 6]));
    const after = totals(
      { success: 8, tool_error: 2, timeout: 1, approval_pending: 1 },
      histogram([0.01, 6], [0.1, 6]),
    );
    expect(figuresBetween(after, before)).toEqual({ calls: 6, errors: 2, p95Ms: 97.5 });
    expect(figuresBetween(before)).toMatchObject({ calls: 6, errors: 1 });
  });

  it('should add tools up for the figures over all of them', () => {
    const sum = sumTotals([
      totals({ success: 1 }, histogram([0.01, 1])),
      totals({ success: 2, tool_error: 1 }, histogram([0.1, 3])),
    ]);
    expect(figuresBetween(sum)).toMatchObject({ calls: 4, errors: 1 });
    expect(sum.buckets.at(-1)).toBe(4);
  });
});
