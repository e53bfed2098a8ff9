import type { ClientBase, Pool, QueryConfig } from 'pg';
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

/**
 * A statement the hot path runs many times a second, as a named prepared statement: `pg` sends
 * its Parse once per connection and then only Bind/Execute, so Postgres neither parses nor
 * plans it again (Postgres docs §55.2.3, extended query protocol). `name` must be unique in the
 * process: `pg` refuses one name for two texts.
 */
export function preparedStatement(
  name: string,
  text: string,
): (values: readonly unknown[]) => QueryConfig<unknown[]> {
  return (values) => ({ name, text, values: values as unknown[] });
}

/**
 * The embedded PGlite keeps ONE Postgres session behind every socket connection, so a new pooled
 * connection inherits the statements a closed one prepared, and `pg` (which tracks them per
 * connection) would Parse a name that already exists. The pool's `onConnect` hook: `pg-pool` runs
 * it on each new connection before handing it out, and refuses the connection if it fails.
 */
export async function forgetInheritedStatements(client: ClientBase): Promise<void> {
  await client.query('DEALLOCATE ALL');
}

/**
 * The same for a `DATABASE_URL` that turns out to be a PGlite socket server someone else runs
 * (its `version()` names PGlite): after a dropped connection, every statement the pool prepares
 * again would otherwise fail with "already exists" until the process restarts. One round trip
 * per new pooled connection; on Postgres itself nothing else happens.
 */
export async function forgetStatementsOfSharedSession(client: ClientBase): Promise<void> {
  const { rows } = await client.query<{ version: string }>('SELECT version()');
  if (rows[0]?.version.includes('PGlite') === true) await forgetInheritedStatements(client);
}
