import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable } from '@nestjs/common';

import type { McpHandlerContext } from '../../protocol/context/index.js';
import { McpTool } from '../../mcp/discovery/index.js';

const PACED_PROGRESS_INPUT = {
  type: 'object',
  properties: {
    steps: { type: 'integer', minimum: 1, maximum: 20 },
    intervalMs: { type: 'integer', minimum: 0, maximum: 5_000 },
  },
  required: ['steps', 'intervalMs'],
  additionalProperties: false,
};

/**
 * Not from the conformance suite: the server's own tests of resumable streams (several built
 * processes, which can load no test module) need a call whose stream grows at a known pace, so
 * a client can drop it at any event and resume while the call is still running.
 */
@Injectable()
export class PacedProgressTools {
  @McpTool({
    name: 'paced_progress',
    description: 'Reports `steps` progress notifications `intervalMs` apart, then answers',
    input: PACED_PROGRESS_INPUT,
  })
  async pacedProgress(
    { steps, intervalMs }: { steps: number; intervalMs: number },
    ctx: McpHandlerContext,
  ): Promise<string> {
    for (let step = 1; step <= steps; step++) {
      await sleep(intervalMs, undefined, { signal: ctx.signal });
      ctx.reportProgress(step, steps);
    }
    return `Reported ${steps} steps`;
  }
}
