import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` on a dedicated pooled client. While checked out, the client's connection errors
 * are caught here: `pg` emits them as `error` events, possibly more than one per failure, that
 * would otherwise crash the process (the pool only listens on idle clients, and `pool.query`
 * only once), and the statement in flight rejects anyway. A client that failed is destroyed
 * instead of going back to the pool in an unknown state.
 */
export async function withClient<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const markBroken = (error: Error): void => {
    broken ??= error;
  };
  client.on('error', markBroken);
  try {
    return await work(client);
  } finally {
    client.off('error', markBroken);
    client.release(broken);
  }
}
