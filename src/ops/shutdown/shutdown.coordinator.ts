import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { constants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

import { Inject, Injectable, type INestApplication, Logger } from '@nestjs/common';

import { type AppConfig, APP_CONFIG } from '../../config/index.js';
import { RequestCounter } from './request-counter.js';
import { settleWithin } from './settle-within.js';
import {
  APP_CLOSE_TIMEOUT_MS,
  type DrainCallback,
  type ExitFunction,
  PROCESS_EXIT,
} from './shutdown.constants.js';

type ShutdownSignal = 'SIGTERM' | 'SIGINT';
const SIGNALS: readonly ShutdownSignal[] = ['SIGTERM', 'SIGINT'];

/**
 * Graceful shutdown (docs/kubernetes.md "Shutdown timeline"). On the first SIGTERM/SIGINT:
 *
 * 1. draining starts at once: readiness answers 503 and responses carry `Connection: close`,
 *    while every request is still served for `MCP_DRAIN_DELAY_MS` (endpoint removal in
 *    Kubernetes and load balancers is asynchronous to the signal);
 * 2. the listener closes and idle keep-alive connections are dropped;
 * 3. requests registered with {@link trackRequest} finish, within `MCP_SHUTDOWN_GRACE_MS`;
 * 4. {@link onDrain} callbacks end long-lived streams — after step 3, because a legacy SSE
 *    stream carries the responses of in-flight POSTs; what is still open at the end of the
 *    grace period is cut;
 * 5. `app.close()` runs the shutdown hooks (the audit log flushes, the database closes),
 *    bounded by {@link APP_CLOSE_TIMEOUT_MS};
 * 6. exit 0 (1 when closing failed or timed out).
 *
 * A second signal exits at once with 128 + signal number (143 for SIGTERM, 130 for SIGINT),
 * the shell's convention for "killed by this signal": it is an operator's abort, and the exit
 * code must not claim a clean shutdown when queued audit rows may not have been flushed.
 *
 * `main.ts` must not call `app.enableShutdownHooks()` as well: Nest would close the
 * application on the same signal without draining.
 */
@Injectable()
export class ShutdownCoordinator {
  private readonly logger = new Logger(ShutdownCoordinator.name);
  private readonly inFlight = new RequestCounter();
  private readonly drainCallbacks = new Set<DrainCallback>();
  private draining = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PROCESS_EXIT) private readonly exit: ExitFunction,
  ) {}

  /** `true` from the first shutdown signal on. */
  isDraining(): boolean {
    return this.draining;
  }

  /**
   * Registers a request that must complete before exit (an MCP POST, a tool call); call the
   * returned function when its response has ended. Long-lived streams use {@link onDrain}
   * instead, or shutdown would wait for them until the grace period ran out.
   */
  trackRequest(): () => void {
    return this.inFlight.start();
  }

  /** Runs `callback` once in-flight requests are done; returns a function that unregisters it. */
  onDrain(callback: DrainCallback): () => void {
    this.drainCallbacks.add(callback);
    return () => this.drainCallbacks.delete(callback);
  }

  /** Handles SIGTERM and SIGINT for this server; returns a function removing the handlers. */
  installSignalHandlers(server: Server, app: INestApplication): () => void {
    const handlers = SIGNALS.map((signal) => {
      const handler = () => this.onSignal(signal, server, app);
      process.on(signal, handler);
      return () => process.off(signal, handler);
    });
    return () => handlers.forEach((remove) => remove());
  }

  private onSignal(signal: ShutdownSignal, server: Server, app: INestApplication): void {
    if (this.draining) {
      this.logger.warn(`${signal} received again: exiting without finishing the drain`);
      this.exit(128 + constants.signals[signal]);
      return;
    }
    this.draining = true;
    void this.drain(signal, server, app).then(
      (code) => this.exit(code),
      (error: unknown) => {
        this.logger.error('shutdown failed', error instanceof Error ? error.stack : error);
        this.exit(1);
      },
    );
  }

  private async drain(
    signal: ShutdownSignal,
    server: Server,
    app: INestApplication,
  ): Promise<number> {
    const { drainDelayMs, shutdownGraceMs } = this.config.ops;
    const started = Date.now();
    server.prependListener('request', closeConnectionAfterResponse);
    this.logger.log(`${signal} received: readiness is 503, serving for ${drainDelayMs} ms`);
    await sleep(drainDelayMs);

    const deadline = Date.now() + shutdownGraceMs;
    const listenerClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (!(await settleWithin(this.inFlight.idle(), deadline - Date.now()))) {
      this.logger.warn(`${this.inFlight.size} request(s) still running at the end of the grace`);
    }
    await settleWithin(this.endStreams(), deadline - Date.now());
    server.closeIdleConnections();
    if (!(await settleWithin(listenerClosed, deadline - Date.now()))) {
      this.logger.warn('closing the connections still open at the end of the grace period');
      server.closeAllConnections();
    }

    const closed = await this.closeApplication(app);
    this.logger.log(`shutdown ${closed ? 'complete' : 'incomplete'} in ${Date.now() - started} ms`);
    return closed ? 0 : 1;
  }

  /** Runs the application's shutdown hooks; `false` when one failed or they overran the budget. */
  private async closeApplication(app: INestApplication): Promise<boolean> {
    let failed = false;
    const closing = app.close().catch((error: unknown) => {
      failed = true;
      this.logger.error('application close failed', error instanceof Error ? error.stack : error);
    });
    const inTime = await settleWithin(closing, APP_CLOSE_TIMEOUT_MS);
    if (!inTime) this.logger.error(`application close exceeded ${APP_CLOSE_TIMEOUT_MS} ms`);
    return inTime && !failed;
  }

  private async endStreams(): Promise<void> {
    const results = await Promise.allSettled([...this.drainCallbacks].map(async (end) => end()));
    for (const result of results) {
      if (result.status === 'rejected') {
        this.logger.warn(`a stream closer failed: ${String(result.reason)}`);
      }
    }
  }
}

/** During the drain, each response ends its keep-alive connection so clients reconnect elsewhere. */
function closeConnectionAfterResponse(_request: IncomingMessage, response: ServerResponse): void {
  response.shouldKeepAlive = false;
}
