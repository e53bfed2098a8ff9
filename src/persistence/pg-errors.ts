/**
 * SQLSTATE classes of failures that say nothing about the statement itself (Postgres docs,
 * Appendix A): connection exception, operator intervention (shutdown, statement timeout) and
 * insufficient resources. The same statement may well succeed once the database is back.
 */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '53', '57']);

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * True when `error` is the database or the path to it failing rather than the statement: a
 * socket or pool error (no SQLSTATE: ECONNREFUSED, "Connection terminated", a connect timeout)
 * or a transient SQLSTATE class.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !SQLSTATE.test(code)) return true;
  return TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2));
}

/** Postgres `undefined_table`: a relation the statement names does not exist. */
const UNDEFINED_TABLE = '42P01';

/** True when `error` says a table is missing: the database was not migrated (`npm run migrate`). */
export function isMissingTableError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === UNDEFINED_TABLE;
}
