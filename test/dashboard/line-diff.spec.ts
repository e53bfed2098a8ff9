import { describe, expect, it } from 'vitest';

import { lineDiff, sortedJsonLines } from '../../web/dashboard/src/ui/line-diff.js';

describe("the dashboard's definition diff", () => {
  it('should pair a replaced line and keep the common lines on both sides', () => {
    expect(
      lineDiff(['{', '  "a": 1,', '  "b": 2', '}'], ['{', '  "a": 3,', '  "b": 2', '}']),
    ).toEqual([
      { left: '{', right: '{', change: 'same' },
      { left: '  "a": 1,', right: '  "a": 3,', change: 'changed' },
      { left: '  "b": 2', right: '  "b": 2', change: 'same' },
      { left: '}', right: '}', change: 'same' },
    ]);
  });

  it('should show added and removed lines against an empty side', () => {
    expect(lineDiff(['x', 'y'], ['y', 'z'])).toEqual([
      { left: 'x', right: null, change: 'removed' },
      { left: 'y', right: 'y', change: 'same' },
      { left: null, right: 'z', change: 'added' },
    ]);
  });

  it('should compare definitions whatever the order of their keys', () => {
    const rows = lineDiff(
      sortedJsonLines({ name: 'echo', description: 'Echo', inputSchema: { type: 'object' } }),
      sortedJsonLines({ inputSchema: { type: 'object' }, description: 'Echo', name: 'echo' }),
    );
    expect(rows.every((row) => row.change === 'same')).toBe(true);
  });
});
