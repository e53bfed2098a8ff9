import { describe, expect, it } from 'vitest';

import { dbQueryShape } from './db-query-summary.js';

describe('dbQueryShape', () => {
  it('should name the operation and the table, without values', () => {
    expect(
      dbQueryShape(`SELECT "p"."name" FROM "public"."tool_policies" "p"
        WHERE "p"."name" = $1 AND "p"."revision" > 3 AND "p"."note" = 'it''s secret'`),
    ).toEqual({
      operation: 'SELECT',
      collection: 'public.tool_policies',
      summary: 'SELECT public.tool_policies',
      text:
        'SELECT "p"."name" FROM "public"."tool_policies" "p" WHERE "p"."name" = $1 AND ' +
        '"p"."revision" > ? AND "p"."note" = ?',
    });
  });

  it.each([
    ['INSERT INTO sessions (id) VALUES ($1)', 'INSERT sessions'],
    ['update "tasks" SET state = $2 WHERE id = $1', 'UPDATE tasks'],
    ['DELETE FROM stream_events WHERE id < $1', 'DELETE stream_events'],
    ['SELECT audit_append($1::text[]) AS inserted', 'SELECT'],
    ['COMMIT', 'COMMIT'],
  ])('%s → %s', (sql, summary) => {
    expect(dbQueryShape(sql).summary).toBe(summary);
  });

  it('should keep placeholders and identifiers with digits', () => {
    expect(dbQueryShape('SELECT t_1.a2 FROM t_1 WHERE x = $12 LIMIT 10').text).toBe(
      'SELECT t_1.a2 FROM t_1 WHERE x = $12 LIMIT ?',
    );
  });
});
