import type { DataSource } from 'typeorm';

export interface PoolStats {
  readonly inUse: number;
  readonly waiting: number;
}

/** The counters `pg.Pool` keeps (node-postgres `Pool#totalCount/idleCount/waitingCount`). */
interface PgPoolCounters {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/**
 * Reads the pool TypeORM's Postgres driver built (`driver.master` is the `pg.Pool`).
 * `undefined` when there is no initialized data source or the driver holds no pg pool.
 */
export function readPoolStats(dataSource: DataSource | undefined): PoolStats | undefined {
  if (dataSource?.isInitialized !== true) return undefined;
  const pool: unknown = (dataSource.driver as { master?: unknown }).master;
  if (!isPgPool(pool)) return undefined;
  return { inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount };
}

function isPgPool(value: unknown): value is PgPoolCounters {
  if (typeof value !== 'object' || value === null) return false;
  const pool = value as Record<string, unknown>;
  return (
    typeof pool.totalCount === 'number' &&
    typeof pool.idleCount === 'number' &&
    typeof pool.waitingCount === 'number'
  );
}
