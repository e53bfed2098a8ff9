import 'reflect-metadata';

import { loadConfigFromEnvironment } from './config/load-environment.js';
import { isMissingTableError } from './persistence/pg-errors.js';
import { startHttpServer } from './server.js';

/** `npm start`: serves MCP (`/mcp`), the admin API and ops endpoints over HTTP. */
const config = loadConfigFromEnvironment();
const running = await startHttpServer(config).catch((error: unknown) => {
  if (!isMissingTableError(error)) throw error;
  // The app never migrates on boot (ARCHITECTURE): say what to run instead of a driver stack.
  process.stderr.write(
    `The database is not migrated (${(error as Error).message}): run \`npm run migrate\` ` +
      'first; `npm start` does it before starting.\n',
  );
  process.exit(1);
});
running.installSignalHandlers();
