import 'reflect-metadata';

import { loadConfigFromEnvironment } from './config/load-environment.js';
import { exitOnStartupFailure } from './ops/startup-failure.js';
import { startHttpServer } from './server.js';

/** `npm start`: serves MCP (`/mcp`), the admin API and ops endpoints over HTTP. */
const config = loadConfigFromEnvironment();
const running = await startHttpServer(config).catch(exitOnStartupFailure);
running.installSignalHandlers();
