import { Injectable } from '@nestjs/common';

import { isLogLevel, LOG_LEVELS } from '../../protocol/context/mcp-session.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { McpSessionService } from '../../sessions/mcp-session.service.js';
import type { DispatchCall } from './dispatch-call.js';
import type { MethodEntry, MethodGroup } from './method-entry.types.js';

const EMPTY_RESULT: JsonObject = Object.freeze({});

/** `logging/setLevel` (server utilities §Logging; removed in 2026-07-28, which logs per request). */
@Injectable()
export class LoggingHandler implements MethodGroup {
  constructor(private readonly sessions: McpSessionService) {}

  methodEntries(): readonly (readonly [string, MethodEntry])[] {
    return [['logging/setLevel', { era: 'legacy', handle: (call) => this.setLevel(call) }]];
  }

  private async setLevel(call: DispatchCall): Promise<JsonObject> {
    const { level } = call.params;
    if (!isLogLevel(level)) {
      throw McpError.invalidParams(
        `Invalid params: "level" must be one of ${LOG_LEVELS.join(', ')}`,
      );
    }
    const { session } = call.ctx;
    if (session === undefined) {
      throw McpError.invalidRequest('Invalid request: logging/setLevel needs a session');
    }
    await this.sessions.setLogLevel(session, level);
    return EMPTY_RESULT;
  }
}
