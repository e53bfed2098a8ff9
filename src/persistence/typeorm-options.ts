import { Logger } from '@nestjs/common';
import type { DataSourceOptions } from 'typeorm';

import { MIGRATIONS } from '../../migrations/index.js';
import type { AppConfig } from '../config/app-config.js';
import type { DatabaseConnection } from './database-server.js';
import { MIGRATIONS_TABLE } from './database.constants.js';
import { forgetInheritedStatements, forgetStatementsOfSharedSession } from './pg-pool.js';

const logger = new Logger('Database');

/**
 * The one TypeORM options builder, shared by the app (DatabaseModule) and the CLIs, so all see
 * the same schema, migrations and timeouts. No entities: the app's come from the feature modules
 * that own the tables (`TypeOrmModule.forFeature`), and the CLIs map none.
 */
export function buildDataSourceOptions(
  database: AppConfig['database'],
  connection: DatabaseConnection,
  opts: { readonly forMigrations?: boolean } = {},
): DataSourceOptions {
  const forMigrations = opts.forMigrations ?? false;
  // A migration may legitimately run long and a second `migrate` waits on the advisory lock,
  // so neither timeout applies to it; the app fails fast instead.
  const statementTimeoutMs = forMigrations ? 0 : database.statementTimeoutMs;
  return {
    type: 'postgres',
    url: connection.url,
    schema: database.schema,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    migrations: MIGRATIONS,
    // Only core functions are used (gen_random_uuid is built in since Postgres 13) and the
    // app role may not create extensions. `pgcrypto` only names that function as the default
    // of a generated uuid column, as the migrations declare it.
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    poolSize: connection.embedded || forMigrations ? 1 : database.poolMax,
    // pg waits forever for a connection by default.
    connectTimeoutMS: database.connectTimeoutMs,
    applicationName: forMigrations ? 'enterprise-mcp-server:migrate' : 'enterprise-mcp-server',
    // Without this listener an idle client's error (Postgres restart) would crash the process.
    poolErrorHandler: (error: Error) =>
      logger.warn(`idle database connection failed: ${error.message}`),
    extra: {
      statement_timeout: statementTimeoutMs,
      // Client-side bound for a dead server that never answers; a little above the server's
      // own statement_timeout so that one reports first when the server is alive.
      query_timeout: statementTimeoutMs === 0 ? undefined : statementTimeoutMs + 1_000,
      // Unqualified table names resolve to DB_SCHEMA (PGlite ignores this; see embedded-postgres).
      options: `-c search_path=${database.schema}${forMigrations ? appRoleOption(database) : ''}`,
      onConnect: connection.embedded ? forgetInheritedStatements : forgetStatementsOfSharedSession,
    },
  };
}

/**
 * When migrations run as an owner role distinct from the app's, the migrations that grant the
 * app its privileges read the app's role from the `mcp.app_role` setting (ChainAuditLog).
 */
function appRoleOption(database: AppConfig['database']): string {
  if (database.migrationUrl === undefined || database.url === undefined) return '';
  const role = decodeURIComponent(new URL(database.url).username);
  // libpq `options` splits on spaces; a backslash keeps one inside a value.
  return role === ''
    ? ''
    : ` -c mcp.app_role=${role.replaceAll('\\', '\\\\').replaceAll(' ', '\\ ')}`;
}
