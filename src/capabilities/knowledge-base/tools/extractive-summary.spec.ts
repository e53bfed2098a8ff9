import { describe, expect, it } from 'vitest';

import { extractiveSummary } from './extractive-summary.js';

const TEXT = [
  'Expense claims are filed in the finance portal within 30 days.',
  'Lunch is served at noon.',
  'Claims above 500 euros need a manager approval before the expense is filed.',
  '- Receipts are attached to every expense claim.',
].join('\n');

const wordsOf = (text: string): number => text.split(/\s+/).filter(Boolean).length;

describe(extractiveSummary.name, () => {
  it('should keep the sentences sharing most terms, in their original order', () => {
    expect(extractiveSummary(TEXT, 30)).toBe(
      'Expense claims are filed in the finance portal within 30 days. ' +
        'Receipts are attached to every expense claim.',
    );
  });

  it('should stay within maxWords and give the same answer every time', () => {
    for (const max of [10, 20, 40]) {
      const summary = extractiveSummary(TEXT, max);
      expect(wordsOf(summary.replace(' …', ''))).toBeLessThanOrEqual(max);
      expect(extractiveSummary(TEXT, max)).toBe(summary);
    }
  });

  it('should cut the best sentence when none fits', () => {
    expect(extractiveSummary('One two three four five six seven eight nine ten.', 4)).toBe(
      'One two three four …',
    );
  });

  it('should read a sentence wrapped over lines as one and keep underscores inside words', () => {
    const wrapped =
      'Use pg_restore against a scratch instance, then copy the rows back\n' +
      'with a transaction. Never restore _straight_ into production.';
    expect(extractiveSummary(wrapped, 40)).toBe(
      'Use pg_restore against a scratch instance, then copy the rows back with a transaction. ' +
        'Never restore straight into production.',
    );
  });

  it('should answer an empty summary for an empty text', () => {
    expect(extractiveSummary('  \n ', 80)).toBe('');
  });
});
