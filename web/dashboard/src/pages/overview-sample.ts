import type { AuditPage, SessionPage, ToolList } from '../api/admin-api.generated.js';
import type { AdminApi } from '../api/client.js';
import { isFailure } from '../ui/outcomes.js';

/** One reading of the live figures, all from the admin API (and the public readiness probe). */
export interface OverviewSample {
  readonly callsPerSecond: number;
  /** Share of the window's finished calls that failed, 0–1. */
  readonly errorRate: number;
  /** Milliseconds; 0 without a finished call in the window. */
  readonly p95Ms: number;
  readonly activeSessions: number;
  readonly ready: boolean;
  readonly readiness: string;
  readonly tools: { readonly served: number; readonly disabled: number; readonly withheld: number };
}

/** The window the call figures cover, read from the newest audit records. */
export const WINDOW_SECONDS = 60;
const CALLS_READ = 500;

export async function sampleOverview(api: AdminApi): Promise<OverviewSample> {
  const since = new Date(Date.now() - WINDOW_SECONDS * 1000).toISOString();
  const [calls, sessions, tools, readiness] = await Promise.all([
    api.get<AuditPage>(
      `/audit?event=tool_call.started&from=${encodeURIComponent(since)}&limit=${CALLS_READ}`,
    ),
    api.get<SessionPage>('/sessions?limit=500'),
    api.get<ToolList>('/tools'),
    fetch('/health/ready').then(async (response) => ({
      ok: response.ok,
      text: await response.text(),
    })),
  ]);
  const finished = calls.records.flatMap((record) =>
    record.result === null ? [] : [record.result],
  );
  const durations = finished
    .map((result) => result.durationMs)
    .filter((ms): ms is number => ms !== null)
    .sort((a, b) => a - b);
  const count = (state: string) => tools.tools.filter((tool) => tool.effective === state).length;
  return {
    callsPerSecond: calls.records.length / WINDOW_SECONDS,
    errorRate:
      finished.length === 0
        ? 0
        : finished.filter((r) => isFailure(r.outcome)).length / finished.length,
    p95Ms: durations[Math.min(durations.length - 1, Math.floor(durations.length * 0.95))] ?? 0,
    activeSessions: sessions.sessions.length,
    ready: readiness.ok,
    readiness: readiness.text,
    tools: { served: count('served'), disabled: count('disabled'), withheld: count('withheld') },
  };
}
