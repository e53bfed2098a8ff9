import { DataSource, type DataSourceOptions } from 'typeorm';

import type { AppConfig } from '../config/app-config.js';
import type { DatabaseInfo } from './database.constants.js';
import { startDatabaseServer } from './database-server.js';
import { buildDataSourceOptions } from './typeorm-options.js';

/** An initialized DataSource plus what it needs to close in order. */
export interface OpenDatabase {
  readonly dataSource: DataSource;
  readonly info: DatabaseInfo;
  /** Destroys the DataSource, then stops the embedded server (if any). Idempotent. */
  close(): Promise<void>;
}

type OpenOptions = {
  readonly forMigrations?: boolean;
  /** Entities to map; the CLIs need none (the app's come from its feature modules). */
  readonly entities?: DataSourceOptions['entities'];
};

/**
 * Opens the database outside the Nest app (the CLIs, tests): `DATABASE_URL` (or, for
 * migrations, `MIGRATION_DATABASE_URL` first), or the embedded PGlite when neither is set.
 */
export async function openDatabase(
  database: AppConfig['database'],
  opts: OpenOptions = {},
): Promise<OpenDatabase> {
  const server = await startDatabaseServer(database, opts);
  const dataSource = new DataSource({
    ...buildDataSourceOptions(database, server.connection, opts),
    entities: opts.entities ?? [],
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    await server.stop();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      if (dataSource.isInitialized) await dataSource.destroy();
    } finally {
      await server.stop();
    }
  };
  return {
    dataSource,
    info: { embedded: server.connection.embedded, schema: database.schema },
    close: () => (closing ??= close()),
  };
}
