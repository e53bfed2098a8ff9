import type { AppConfig } from '../config/app-config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

/** Where to connect: a `DATABASE_URL` or the URL of the embedded PGlite server. */
export interface DatabaseConnection {
  readonly url: string;
  /** PGlite serves one connection: the pool must not open a second one. */
  readonly embedded: boolean;
}

/** The database server of this process: a configured one, or the embedded PGlite it started. */
export interface DatabaseServer {
  readonly connection: DatabaseConnection;
  /** Stops the embedded PGlite (after every DataSource on it is destroyed); idempotent. */
  stop(): Promise<void>;
}

/**
 * `DATABASE_URL` (or, for migrations, `MIGRATION_DATABASE_URL` first), or the embedded PGlite,
 * started here when neither is set: it must run before a DataSource can connect to it.
 */
export async function startDatabaseServer(
  database: AppConfig['database'],
  opts: { readonly forMigrations?: boolean } = {},
): Promise<DatabaseServer> {
  const url = opts.forMigrations ? (database.migrationUrl ?? database.url) : database.url;
  if (url !== undefined) {
    return { connection: { url, embedded: false }, stop: () => Promise.resolve() };
  }
  const embedded = await startEmbeddedPostgres(database.dataDir, database.schema);
  return { connection: { url: embedded.url, embedded: true }, stop: () => embedded.stop() };
}
