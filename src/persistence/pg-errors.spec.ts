import { describe, expect, it } from 'vitest';

import { isMissingTableError, isTransientDatabaseError } from './pg-errors.js';

const withCode = (code: string): Error => Object.assign(new Error('x'), { code });

describe('isTransientDatabaseError', () => {
  it('should call socket and pool failures transient', () => {
    expect(isTransientDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientDatabaseError(withCode('ECONNREFUSED'))).toBe(true);
  });

  it('should call connection, shutdown and resource SQLSTATEs transient', () => {
    for (const code of ['08006', '57P01', '57014', '53300']) {
      expect(isTransientDatabaseError(withCode(code))).toBe(true);
    }
  });

  it('should blame the statement for data and constraint errors', () => {
    for (const code of ['22P02', '23505', '42883', 'P0001']) {
      expect(isTransientDatabaseError(withCode(code))).toBe(false);
    }
  });
});

describe('isMissingTableError', () => {
  it('should recognize undefined_table only', () => {
    expect(isMissingTableError(withCode('42P01'))).toBe(true);
    expect(isMissingTableError(withCode('42883'))).toBe(false);
    expect(isMissingTableError(new Error('x'))).toBe(false);
    expect(isMissingTableError(null)).toBe(false);
  });
});
