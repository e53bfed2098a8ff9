import { Injectable } from '@nestjs/common';

import type { McpHandlerContext } from '../../protocol/context/index.js';
import { McpRoles, McpTool } from '../../mcp/discovery/index.js';
import { McpToolError } from '../../mcp/dispatcher/mcp-tool-error.js';
import { EchoInputDto } from './echo-input.dto.js';
import { ExampleSettings } from './example.settings.js';

/** Output of `current_time`: also the shape clients can rely on (tools §Output schema). */
const CURRENT_TIME_OUTPUT = {
  type: 'object',
  properties: {
    iso: { type: 'string', format: 'date-time', description: 'UTC time, ISO 8601' },
    epochMs: { type: 'integer', description: 'Milliseconds since the Unix epoch' },
  },
  required: ['iso', 'epochMs'],
  additionalProperties: false,
};

/**
 * Small tools that show the decorator surface: DTO input, structured output, per-tool roles, and
 * the module's own settings.
 */
@Injectable()
export class ExampleTools {
  constructor(private readonly settings: ExampleSettings) {}

  @McpTool({
    description: 'Returns the message it is given.',
    input: EchoInputDto,
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  })
  echo({ message }: EchoInputDto): string {
    const max = this.settings.echoMaxLength;
    if (message.length > max) throw new McpToolError(`message is longer than ${max} characters`);
    return message;
  }

  @McpTool({
    name: 'current_time',
    title: 'Current time',
    description: 'Returns the current server time in UTC.',
    output: CURRENT_TIME_OUTPUT,
    annotations: { readOnlyHint: true, openWorldHint: false },
  })
  currentTime(): { iso: string; epochMs: number } {
    const now = new Date();
    return { iso: now.toISOString(), epochMs: now.getTime() };
  }

  /** Visible to and callable by principals with role `admin` only (hidden from the others). */
  @McpTool({
    name: 'admin_echo',
    description: 'Echoes the message with the caller identity; for administrators.',
    input: EchoInputDto,
    annotations: { readOnlyHint: true, openWorldHint: false },
  })
  @McpRoles('admin')
  adminEcho({ message }: EchoInputDto, ctx: McpHandlerContext): string {
    return `${ctx.principal.subject}: ${message}`;
  }
}
