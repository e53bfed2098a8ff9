import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on a dedicated pooled client: COMMIT when it resolves,
 * ROLLBACK when it throws. A client whose ROLLBACK fails is destroyed instead of being returned
 * to the pool in an unknown state.
 */
export async function withTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
