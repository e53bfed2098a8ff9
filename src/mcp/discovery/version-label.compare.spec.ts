import { describe, expect, it } from 'vitest';

import { compareVersionLabels } from './version-label.compare.js';

describe(compareVersionLabels.name, () => {
  it('should order SemVer labels by precedence (SemVer 2.0.0 §11 example)', () => {
    const ordered = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.2.0',
      '1.10.0',
      '2.0.0',
    ];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareVersionLabels)).toEqual(ordered);
  });

  it('should ignore build metadata', () => {
    expect(compareVersionLabels('1.0.0+build.1', '1.0.0+build.2')).toBe(0);
  });

  it('should fall back to string order for non-SemVer labels', () => {
    expect(compareVersionLabels('2024-01', '2024-02')).toBeLessThan(0);
    expect(compareVersionLabels('v2', '1.0.0')).toBeGreaterThan(0);
  });
});
