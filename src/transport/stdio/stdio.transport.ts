import type { Readable, Writable } from 'node:stream';

import { Inject, Injectable, Logger } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import type { Principal } from '../../protocol/context/principal.js';
import { McpDispatcher } from '../../mcp/dispatcher/mcp-dispatcher.js';
import { McpSessionService } from '../../sessions/mcp-session.service.js';
import { DatabaseCloser } from '../../persistence/database-closer.service.js';
import { LineSplitter } from './line-splitter.js';
import { StdioConnection } from './stdio-connection.js';
import { stdioPrincipal } from './stdio-principal.js';

/**
 * The stdio transport (transports §stdio): newline-delimited JSON-RPC on `input`/`output`, one
 * implicit session per process with the stdio principal. A line is capped at
 * `MCP_MAX_BODY_BYTES`, like an HTTP body. The session ends with the process: when stdin closes,
 * or, on a signal, before the database closes.
 */
@Injectable()
export class StdioTransport {
  private readonly logger = new Logger(StdioTransport.name);
  private readonly principal: Principal;
  private connection: StdioConnection | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dispatcher: McpDispatcher,
    private readonly sessions: McpSessionService,
    closer: DatabaseCloser,
  ) {
    this.principal = stdioPrincipal(config.auth);
    closer.beforeClose(() => this.endSession());
  }

  /**
   * Serves until `input` ends, then resolves once every request received has been answered
   * and the session has ended (the server SHOULD exit promptly on stdin EOF, transports §stdio
   * 2026-07-28).
   */
  async run(input: Readable, output: Writable): Promise<void> {
    const { limits } = this.config;
    const connection = new StdioConnection(
      this.dispatcher,
      this.principal,
      {
        maxDepth: limits.maxJsonDepth,
        maxKeys: limits.maxJsonKeys,
        maxBodyBytes: limits.maxBodyBytes,
      },
      output,
    );
    this.connection = connection;
    const lines = new LineSplitter(
      limits.maxBodyBytes,
      (line) => connection.accept(line),
      () => connection.rejectOversizedLine(),
    );
    await new Promise<void>((resolve, reject) => {
      input.on('data', (chunk: Buffer) => lines.push(chunk));
      input.once('end', resolve);
      input.once('error', reject);
    });
    lines.end();
    await connection.drain();
    await this.endSession();
  }

  /** Marks the session ended in `sessions`, so the admin API stops listing it as live. Once. */
  private async endSession(): Promise<void> {
    const session = this.connection?.session;
    this.connection = undefined;
    if (session === undefined) return;
    try {
      await this.sessions.end(session.id, this.principal);
    } catch (error) {
      // The row then stays until it idles out (MCP_SESSION_IDLE_MS); the process still stops.
      this.logger.warn(`could not end the stdio session ${session.id}: ${String(error)}`);
    }
  }
}
