import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { register } from 'prom-client';

import { type AppConfig, APP_CONFIG } from '../config/index.js';

/**
 * Serves `GET /metrics` on `METRICS_PORT` when it is set: a plain node:http listener, so a
 * scrape never queues behind application traffic and the port can stay cluster-internal.
 * It stays up while the main listener drains (scrapes during shutdown are useful) and closes
 * with the application.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server: Server | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.ops.metricsPort;
    if (port === undefined) return;
    const server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.http.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`metrics on http://${this.config.http.host}:${port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = request.url?.split('?', 1)[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    try {
      const body = await register.metrics();
      response.writeHead(200, { 'content-type': register.contentType }).end(body);
    } catch (error) {
      this.logger.error('metrics collection failed', error instanceof Error ? error.stack : error);
      response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
    }
  }
}
