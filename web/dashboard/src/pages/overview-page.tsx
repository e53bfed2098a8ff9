import { useCallback, useEffect, useState } from 'preact/hooks';

import type { AdminApi } from '../api/client.js';
import { Sparkline } from '../ui/sparkline.js';
import { ErrorNotice, Loading } from '../ui/states.js';
import { asError, useInterval } from '../ui/use-resource.js';
import { type OverviewSample, sampleOverview, WINDOW_SECONDS } from './overview-sample.js';

const REFRESH_MS = 3000;
const KEPT = 40;

/** Live figures: calls per second, error rate, p95 latency, sessions, readiness. */
export function OverviewPage({ api }: { api: AdminApi }) {
  const [samples, setSamples] = useState<readonly OverviewSample[]>([]);
  const [error, setError] = useState<Error | undefined>(undefined);
  const sample = useCallback(() => {
    sampleOverview(api).then(
      (next) => {
        setError(undefined);
        setSamples((kept) => [...kept.slice(1 - KEPT), next]);
      },
      (failure: unknown) => setError(asError(failure)),
    );
  }, [api]);
  useEffect(sample, [sample]);
  useInterval(sample, REFRESH_MS);

  const latest = samples[samples.length - 1];
  if (latest === undefined)
    return error === undefined ? <Loading what="live figures" /> : <ErrorNotice error={error} />;
  const series = (pick: (s: OverviewSample) => number) => samples.map(pick);
  return (
    <>
      {error === undefined ? null : <ErrorNotice error={error} />}
      <p role="status" class={latest.ready ? 'notice ok' : 'notice error'}>
        Readiness:{' '}
        {latest.ready ? 'ready (database and migrations)' : `not ready: ${latest.readiness}`}
      </p>
      <p>
        Tools: {latest.tools.served} served, {latest.tools.disabled} disabled,{' '}
        {latest.tools.withheld} withheld. Call figures cover the last {WINDOW_SECONDS} s of the
        audit log.
      </p>
      <div class="metrics">
        <Sparkline
          label="Calls per second"
          samples={series((s) => s.callsPerSecond)}
          unit="calls/s"
        />
        <Sparkline label="Error rate" samples={series((s) => s.errorRate * 100)} unit="%" />
        <Sparkline label="p95 latency" samples={series((s) => s.p95Ms)} unit="ms" />
        <Sparkline
          label="Active sessions"
          samples={series((s) => s.activeSessions)}
          unit="sessions"
        />
      </div>
    </>
  );
}
