import { Fragment } from 'preact';

import type { DatabaseStatus, ReadinessReport } from '../api/admin-api.generated.js';

/** Readiness as `/health/ready` decides it, each check with why it is down, and the pool. */
export function ReadinessPanel({
  readiness,
  database,
}: {
  readiness: ReadinessReport;
  database: DatabaseStatus;
}) {
  return (
    <section aria-labelledby="readiness-title" class="overview-status">
      <h2 id="readiness-title">Readiness</h2>
      <p role="status" class={readiness.ready ? 'notice ok' : 'notice error'}>
        {readiness.ready
          ? 'Ready: this instance takes traffic.'
          : 'Not ready: load balancers send this instance no traffic.'}
      </p>
      <dl>
        {readiness.checks.map((check) => (
          <Fragment key={check.name}>
            <dt>{check.name}</dt>
            <dd>
              <span class={`badge ${check.up ? 'served' : 'withheld'}`}>
                {check.up ? 'up' : 'down'}
              </span>{' '}
              {check.message ?? ''}
              {check.responseTimeMs === null ? '' : ` (${check.responseTimeMs} ms)`}
            </dd>
          </Fragment>
        ))}
        <dt>database</dt>
        <dd>
          {database.engine === 'pglite' ? 'embedded PGlite' : 'Postgres'}; pool:{' '}
          {database.poolInUse ?? '?'} in use, {database.poolWaiting ?? '?'} waiting
        </dd>
      </dl>
    </section>
  );
}
