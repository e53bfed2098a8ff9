import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on a dedicated pooled client: COMMIT when it resolves,
 * ROLLBACK when it throws. While checked out, the client's connection errors are caught here:
 * `pg` emits them as an `error` event that would otherwise crash the process (the pool only
 * listens on idle clients), and the statement in flight rejects anyway. A client that failed
 * is destroyed instead of going back to the pool in an unknown state.
 */
export async function withTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error): void => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
