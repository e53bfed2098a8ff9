import { join } from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

import { acquireDataDirLock } from './data-dir-lock.js';

/** A running embedded Postgres (PGlite) reachable over the wire protocol on loopback. */
export interface EmbeddedPostgres {
  /** `postgres://` URL for the plain `pg` driver. */
  readonly url: string;
  /** Closes the listener, then PGlite (which flushes its files), then releases the lock. */
  stop(): Promise<void>;
}

/**
 * Starts PGlite with its files under `<dataDir>/pglite` (they survive restarts) behind a
 * PGliteSocketServer on 127.0.0.1 and a free port. The socket server serves one client
 * connection at a time, so the pool in front of it must have `max: 1`.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  schema: string,
): Promise<EmbeddedPostgres> {
  const lock = acquireDataDirLock(dataDir);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(join(dataDir, 'pglite'));
    // PGlite is a single backend session shared by every socket client and it ignores the
    // startup packet's `options`, so the schema is selected here once (see typeorm-options).
    await db.exec(`SET search_path TO "${schema}"`);
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
    await server.start();
    const url = `postgres://postgres@${server.getServerConn()}/postgres`;
    return { url, stop: once(() => shutdown(server, db, lock)) };
  } catch (error) {
    await db?.close().catch(() => undefined);
    lock.release();
    throw error;
  }
}

async function shutdown(
  server: PGLiteSocketServer,
  db: PGlite | undefined,
  lock: { release(): void },
): Promise<void> {
  try {
    await server.stop();
    await db?.close();
  } finally {
    lock.release();
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}
