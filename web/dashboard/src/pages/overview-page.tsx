import type { OverviewReport } from '../api/admin-api.generated.js';
import type { AdminApi } from '../api/client.js';
import { Sparkline } from '../ui/sparkline.js';
import { Empty, ErrorNotice, Loading } from '../ui/states.js';
import { useInterval, useResource } from '../ui/use-resource.js';
import { ReadinessPanel } from './overview-readiness.js';
import { ToolLatencies } from './overview-tools.js';

/** How often the page asks again: the server's sampling step (src/metrics/window). */
const REFRESH_MS = 5000;

/**
 * Live figures of the instance that answers, all from `GET /admin/api/overview`: readiness and
 * database, then calls per second, error rate, p95 latency and active sessions over the last
 * five minutes in 5-second steps, and each called tool's figures.
 */
export function OverviewPage({ api }: { api: AdminApi }) {
  const [report, reload] = useResource(() => api.get<OverviewReport>('/overview'), [api]);
  useInterval(reload, REFRESH_MS);
  if (report.state === 'loading') return <Loading what="live figures" />;
  if (report.state === 'failed') return <ErrorNotice error={report.error} />;
  const { instance, readiness, database, live } = report.value;
  const points = live.points;
  const perSecond = (calls: number) => calls / live.stepSeconds;
  return (
    <>
      <ReadinessPanel readiness={readiness} database={database} />
      <h2>Last {Math.round((points.length * live.stepSeconds) / 60) || '<1'} min</h2>
      <p class="hint">
        Figures of the instance that answered, {instance}; Prometheus sums all instances.
      </p>
      {points.length === 0 ? (
        <Empty>The first figures arrive within {live.stepSeconds} seconds of start.</Empty>
      ) : (
        <div class="metrics">
          <Sparkline
            label="Calls per second"
            samples={points.map((p) => perSecond(p.calls))}
            unit="calls/s"
          />
          <Sparkline
            label="Error rate"
            samples={points.map((p) => (p.calls === 0 ? null : (100 * p.errors) / p.calls))}
            unit="%"
          />
          <Sparkline label="p95 latency" samples={points.map((p) => p.p95Ms)} unit="ms" />
          <Sparkline
            label="Active sessions"
            samples={points.map((p) => p.activeSessions)}
            unit="sessions"
          />
        </div>
      )}
      <ToolLatencies tools={live.tools} seconds={points.length * live.stepSeconds} />
    </>
  );
}
