import { describe, expect, it } from 'vitest';

import { HTTP_REJECTIONS, HttpRejection } from './http-rejections.js';

describe('HTTP_REJECTIONS', () => {
  it('should only use the statuses of the error contract (docs/http-errors.md)', () => {
    const statuses = new Set(Object.values(HTTP_REJECTIONS).map((spec) => spec.status));
    const allowed = [400, 401, 403, 404, 405, 406, 408, 409, 413, 415, 429, 431, 500, 503];
    expect([...statuses].filter((status) => !allowed.includes(status))).toEqual([]);
  });

  it('should give every row a JSON-RPC error code in the reserved range', () => {
    for (const spec of Object.values(HTTP_REJECTIONS)) {
      expect(spec.code).toBeLessThanOrEqual(-32000);
      expect(spec.code).toBeGreaterThanOrEqual(-32768);
    }
  });

  it('should carry the row of its key', () => {
    const sut = new HttpRejection('sessionNotFound');
    expect(sut.spec).toBe(HTTP_REJECTIONS.sessionNotFound);
    expect(sut.message).toBe('Session not found');
  });
});
