import type { DataSource, QueryRunner } from 'typeorm';

/** One key per schema, like the other advisory locks (kb seeding, the audit chain). */
const LOCK_KEY = `hashtext(current_schema() || '.retention')`;

/**
 * Runs `work` on one connection that holds the session-level retention advisory lock, or
 * returns `undefined` at once when another instance holds it: one instance at a time does the
 * upkeep, the others skip the round. The work runs on the locked connection itself (the
 * embedded database serves one connection, so a second one would wait for the first); its
 * statements commit one by one. Should the process die, its connection closes and Postgres
 * frees the lock.
 */
export async function withRetentionLock<T>(
  dataSource: DataSource,
  work: (runner: QueryRunner) => Promise<T>,
): Promise<T | undefined> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const rows = (await runner.query(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS locked`)) as {
      locked: boolean;
    }[];
    if (rows[0]?.locked !== true) return undefined;
    try {
      return await work(runner);
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`);
    }
  } finally {
    await runner.release();
  }
}
