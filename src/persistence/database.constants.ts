/** DI token of the {@link DatabaseServer} the app's DataSource connects to. */
export const DATABASE_SERVER = Symbol('DATABASE_SERVER');

/** DI token of {@link DatabaseInfo}, for readiness checks and logs. */
export const DATABASE_INFO = Symbol('DATABASE_INFO');

export interface DatabaseInfo {
  /** `true` when the server runs its own PGlite (no `DATABASE_URL`). */
  readonly embedded: boolean;
  readonly schema: string;
}

/**
 * Key of the session-level `pg_advisory_lock` every migration run holds, so concurrent
 * `npm run migrate` invocations (several pods starting at once) apply each migration once.
 * An arbitrary constant; it only has to be the same in every build.
 */
export const MIGRATION_LOCK_KEY = '7261434055871125';

/** Table in which TypeORM records applied migrations. */
export const MIGRATIONS_TABLE = 'schema_migrations';
