import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';

import { fixedFieldsLogger } from './fixed-fields-logger.js';
import { LINE_CONTEXTS } from './line-contexts.js';

/** The one log line the MCP listener writes per JSON-RPC request. */
export interface RequestLogFields {
  /** Correlation id: the same value as `data.correlationId` of an internal error. */
  readonly requestId: string;
  readonly session: string | undefined;
  /** Principal subject. */
  readonly principal: string;
  /** OAuth client id (`azp` / `client_id`) or the MCP clientInfo name. */
  readonly client: string | undefined;
  readonly method: string;
  readonly tool: string | undefined;
  /** Same vocabulary as the metrics outcome; `internal_error` is logged at error level. */
  readonly outcome: string;
  readonly durationMs: number;
}

/**
 * Writes {@link RequestLogFields} through the root pino logger (a child bound once, so
 * per-request cost is one JSON serialization). Check {@link enabled} before building the
 * fields object: when the level filters request lines out, the caller then allocates nothing.
 */
@Injectable()
export class RequestLogLine {
  private readonly log: Logger;

  constructor(pino: PinoLogger) {
    this.log = fixedFieldsLogger(pino, LINE_CONTEXTS.mcpRequest);
  }

  get enabled(): boolean {
    return this.log.isLevelEnabled('info');
  }

  write(fields: RequestLogFields): void {
    if (fields.outcome === 'internal_error') this.log.error(fields, 'mcp request');
    else this.log.info(fields, 'mcp request');
  }
}
