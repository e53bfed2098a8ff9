import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { AppConfig } from '../config/app-config.js';
import type { DatabaseInfo } from './database.constants.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { forgetInheritedStatements, pgPoolOf } from './pg-pool.js';
import { buildDataSourceOptions, type DatabaseConnection } from './typeorm-options.js';

/** An initialized DataSource plus what it needs to close in order. */
export interface OpenDatabase {
  readonly dataSource: DataSource;
  readonly info: DatabaseInfo;
  /** Destroys the DataSource, then stops the embedded server (if any). Idempotent. */
  close(): Promise<void>;
}

type OpenOptions = { readonly forMigrations?: boolean };

const logger = new Logger('Database');

/**
 * Connects to `DATABASE_URL` (or, for migrations, `MIGRATION_DATABASE_URL` first), or starts
 * the embedded PGlite when neither is set. Used by DatabaseModule and `npm run migrate`.
 */
export async function openDatabase(
  database: AppConfig['database'],
  opts: OpenOptions = {},
): Promise<OpenDatabase> {
  const url = opts.forMigrations ? (database.migrationUrl ?? database.url) : database.url;
  if (url !== undefined) return initialize(database, { url, embedded: false }, opts, undefined);
  const embedded = await startEmbeddedPostgres(database.dataDir, database.schema);
  return initialize(database, { url: embedded.url, embedded: true }, opts, embedded);
}

async function initialize(
  database: AppConfig['database'],
  connection: DatabaseConnection,
  opts: OpenOptions,
  embedded: EmbeddedPostgres | undefined,
): Promise<OpenDatabase> {
  const dataSource = new DataSource(buildDataSourceOptions(database, connection, opts));
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  // The connection opened by initialize() is the first of a new PGlite: nothing to inherit yet.
  if (embedded !== undefined) {
    forgetInheritedStatements(pgPoolOf(dataSource), (error) =>
      logger.warn(`DEALLOCATE ALL on a new embedded connection failed: ${error.message}`),
    );
  }
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      if (dataSource.isInitialized) await dataSource.destroy();
    } finally {
      await embedded?.stop();
    }
  };
  return {
    dataSource,
    info: { embedded: connection.embedded, schema: database.schema },
    close: () => (closing ??= close()),
  };
}
