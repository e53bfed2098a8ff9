import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * The `pg` pool behind an initialized Postgres DataSource, for the few hot statements that
 * bypass TypeORM's query runner (one pooled `query` call = one round trip, autocommit).
 */
export function pgPoolOf(dataSource: DataSource): Pool {
  const driver = dataSource.driver;
  if (!dataSource.isInitialized || !(driver instanceof PostgresDriver)) {
    throw new Error('the database connection is not open');
  }
  return driver.master as Pool;
}
