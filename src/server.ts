import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';

import { setupAdminApiDocs } from './admin/admin-api.docs.js';
import { DASHBOARD_PATH, serveDashboard } from './admin/dashboard/dashboard-static.js';
import { AppModule, type AppModuleOptions } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { AppLogger } from './logging/app-logger.js';
import { bootLoggingOptions } from './logging/boot-logger.js';
import { bootSummary } from './logging/boot-summary.js';
import { LINE_CONTEXTS } from './logging/line-contexts.js';
import { ShutdownCoordinator } from './ops/shutdown/shutdown.coordinator.js';
import { SecurityEvents } from './security/security-events.service.js';
import { attachMcpListener } from './transport/http/attach-mcp-listener.js';
import { refuseDuplicateHeaders } from './transport/http/duplicate-header.middleware.js';
import { McpHttpListener } from './transport/http/mcp-http-listener.js';
import { applyServerLimits, mcpHttpServerOptions } from './transport/http/server-limits.js';

export interface RunningServer {
  readonly app: INestApplication;
  readonly server: Server;
  readonly port: number;
  /** Origin the server listens on, e.g. `http://127.0.0.1:3000`. */
  readonly origin: string;
  /** SIGTERM/SIGINT → graceful drain (ShutdownCoordinator), then exit. */
  installSignalHandlers(): void;
  /** Immediate close for tests: listener, then the application (audit flush, database). */
  close(): Promise<void>;
}

/**
 * Boots the application and serves it: the MCP endpoints from a plain node:http listener placed
 * in front of Express (docs/architecture.md "The hot path"), everything else (admin API, health,
 * metrics, OAuth metadata) from Nest on Express. The server is created here, not by Nest, so the
 * header-size and timeout limits can be set when it is created (docs/security.md "Limits").
 */
export async function startHttpServer(
  config: AppConfig,
  extraImports: AppModuleOptions['extraImports'] = [],
): Promise<RunningServer> {
  const expressApp = express();
  expressApp.disable('x-powered-by');
  // An admin item's ETag is its stored revision (RFC 9110 §13.1.1), set by the admin API itself;
  // Express's default one, a hash of the body, would look like one and be checked by nothing.
  expressApp.disable('etag');
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, { logDestination: 'stdout', extraImports }),
    new ExpressAdapter(expressApp),
    { ...bootLoggingOptions(config, 'stdout'), bodyParser: false },
  );
  app.useLogger(app.get(AppLogger));
  // First of all middleware: the MCP listener makes the same check for its own endpoints.
  app.use(refuseDuplicateHeaders(app.get(SecurityEvents)));
  app.useBodyParser('json', { limit: config.limits.maxBodyBytes });
  app.use(DASHBOARD_PATH, serveDashboard());
  setupAdminApiDocs(app);
  await app.init();

  const server = createServer(mcpHttpServerOptions(config));
  applyServerLimits(server, config);
  attachMcpListener(server, app.get(McpHttpListener), expressApp);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  logReady(config, `http://${host}:${port}`);

  return {
    app,
    server,
    port,
    origin: `http://${host}:${port}`,
    installSignalHandlers: () => {
      app.get(ShutdownCoordinator).installSignalHandlers(server, app);
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await app.close();
    },
  };
}

/**
 * The end of the boot log: the warning when auth is off, then one summary line (a block in the
 * pretty format): the MCP and admin URLs, how to get an admin token, the database, auth.
 */
function logReady(config: AppConfig, origin: string): void {
  const logger = new Logger(LINE_CONTEXTS.bootSummary);
  if (!config.auth.required) {
    logger.warn(
      'Authentication is OFF: every request is the anonymous principal. This is allowed only on ' +
        'a loopback HOST; set AUTH_ISSUER/AUTH_JWKS_URI or AUTH_DEV_ISSUER=true to require tokens.',
    );
  }
  logger.log({ msg: 'ready', ...bootSummary(config, origin) });
}
