import type { Readable, Writable } from 'node:stream';

import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import type { Principal } from '../../mcp/context/principal.js';
import { McpDispatcher } from '../../mcp/dispatcher/mcp-dispatcher.js';
import { LineSplitter } from './line-splitter.js';
import { StdioConnection } from './stdio-connection.js';
import { stdioPrincipal } from './stdio-principal.js';

/**
 * The stdio transport (transports §stdio): newline-delimited JSON-RPC on `input`/`output`, one
 * implicit session per process with the stdio principal. A line is capped at
 * `MCP_MAX_BODY_BYTES`, like an HTTP body.
 */
@Injectable()
export class StdioTransport {
  private readonly principal: Principal;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dispatcher: McpDispatcher,
  ) {
    this.principal = stdioPrincipal(config.auth);
  }

  /**
   * Serves until `input` ends, then resolves once every request received has been answered
   * (the server SHOULD exit promptly on stdin EOF, transports §stdio 2026-07-28).
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
  }
}
