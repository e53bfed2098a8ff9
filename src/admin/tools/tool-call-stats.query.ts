import type { Pool } from 'pg';

/** Calls of one tool over the last 24 hours, from `audit_log` (admin path only). */
export interface ToolCallStats {
  readonly windowHours: number;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly topCallers: readonly {
    readonly subject: string | null;
    readonly clientId: string | null;
    readonly calls: number;
    readonly lastCallAt: string;
  }[];
}

const WINDOW_HOURS = 24;
const OUTCOMES_SQL = `
SELECT coalesce(f.outcome, 'in_flight') AS outcome, count(*)::int AS n
FROM audit_log s
LEFT JOIN audit_log f ON f.correlation_id = s.correlation_id AND f.event = 'tool_call.finished'
WHERE s.event = 'tool_call.started' AND s.tool_name = $1
  AND s.occurred_at > now() - $2 * interval '1 hour'
GROUP BY 1`;
const CALLERS_SQL = `
SELECT subject, client_id, count(*)::int AS calls, max(occurred_at) AS last_call_at
FROM audit_log
WHERE event = 'tool_call.started' AND tool_name = $1 AND occurred_at > now() - $2 * interval '1 hour'
GROUP BY subject, client_id ORDER BY calls DESC, subject LIMIT 20`;

export async function toolCallStats(pool: Pool, name: string): Promise<ToolCallStats> {
  const [outcomes, callers] = await Promise.all([
    pool.query<{ outcome: string; n: number }>(OUTCOMES_SQL, [name, WINDOW_HOURS]),
    pool.query<{
      subject: string | null;
      client_id: string | null;
      calls: number;
      last_call_at: Date;
    }>(CALLERS_SQL, [name, WINDOW_HOURS]),
  ]);
  return {
    windowHours: WINDOW_HOURS,
    outcomes: Object.fromEntries(outcomes.rows.map((row) => [row.outcome, row.n])),
    topCallers: callers.rows.map((row) => ({
      subject: row.subject,
      clientId: row.client_id,
      calls: row.calls,
      lastCallAt: row.last_call_at.toISOString(),
    })),
  };
}
