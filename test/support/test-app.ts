import { register } from 'prom-client';

import type { AppModuleOptions } from '../../src/app.module.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { type RunningServer, startHttpServer } from '../../src/server.js';
import { createTestDatabase, type DatabaseTier, type TestDatabase } from './database.js';
import { freePort } from './free-port.js';

export interface TestApp {
  /** `http://127.0.0.1:<port>/mcp` */
  readonly url: string;
  readonly origin: string;
  readonly config: AppConfig;
  readonly running: RunningServer;
  /** The app's database (migrated); reopen it with `openDatabase(database.config)` to inspect rows. */
  readonly database: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly tier?: DatabaseTier;
  /** Reuse a database (e.g. to restart the app on the same data). */
  readonly database?: TestDatabase;
  /** Test-only feature modules (e.g. a capability that records its executions). */
  readonly extraImports?: AppModuleOptions['extraImports'];
}

/**
 * Starts the real application, as `npm start` does, on a free loopback port with a fresh
 * migrated database (PGlite, or a private schema of `TEST_DATABASE_URL`). Auth is off unless the
 * test configures an issuer.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database =
    options.database ?? (await createTestDatabase(options.tier ?? 'pglite', { open: false }));
  const port = await freePort();
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    MCP_DRAIN_DELAY_MS: '0',
    // An empty knowledge base unless a test loads one: the seed would add documents, resources
    // and an audit row to every test's server.
    KB_SEED_ON_START: 'false',
    ...database.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    ...options.env,
  });
  // prom-client keeps one registry per process; each app registers its metrics afresh.
  register.clear();
  const running = await startHttpServer(config, options.extraImports);
  return {
    url: `${running.origin}/mcp`,
    origin: running.origin,
    config,
    running,
    database,
    close: async () => {
      await running.close();
      register.clear();
      if (options.database === undefined) await database.cleanup();
    },
  };
}
