import type { ReadinessReport } from '../../health/readiness.js';
import type { LiveFigures, RecentFigures } from '../../metrics/window/metrics-window.service.js';

/** The database this instance serves from, and its connection pool. */
export interface DatabaseStatus {
  /** `pglite` without `DATABASE_URL` (embedded), else `postgres`. */
  readonly engine: 'pglite' | 'postgres';
  /** Connections checked out and queries waiting for one; `null` when the pool is not readable. */
  readonly poolInUse: number | null;
  readonly poolWaiting: number | null;
}

/** `GET /admin/api/overview`: what the dashboard's Overview page shows, of this instance. */
export interface OverviewReport {
  /**
   * The instance that answered (host name, the pod's name in Kubernetes, and process id): behind
   * a load balancer, successive reads may come from different instances.
   */
  readonly instance: string;
  readonly generatedAt: string;
  readonly readiness: ReadinessReport;
  readonly database: DatabaseStatus;
  readonly live: LiveFigures;
}

/** `GET /admin/api/tool-calls`: each tool's figures over the last hour. */
export interface RecentToolCalls extends RecentFigures {
  readonly windowMinutes: number;
}
