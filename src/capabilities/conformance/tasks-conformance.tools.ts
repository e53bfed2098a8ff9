import { setTimeout as sleep } from 'node:timers/promises';

import { Injectable } from '@nestjs/common';

import type { McpHandlerContext } from '../../protocol/context/index.js';
import { McpTool, type ToolInputRequest } from '../../mcp/discovery/index.js';
import { McpToolError } from '../../mcp/dispatcher/mcp-tool-error.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { acceptedField, singleFieldSchema } from './conformance-mrtr.inputs.js';

/** The longest `slow_compute` run; the scenarios use at most 60 s and cancel it. */
const MAX_COMPUTE_SECONDS = 120;
const NAME_QUESTION: ToolInputRequest = {
  method: 'elicitation/create',
  params: { message: 'What is your name?', requestedSchema: singleFieldSchema('name') },
};

/**
 * The fixtures of the tasks-* scenarios (conformance 0.2.0-alpha.12, SEP-2663), with the
 * behaviour each scenario's description requires. Except `greet`, they declare task support:
 * a client that declared the extension gets a task, others a plain result or -32021.
 */
@Injectable()
export class TasksConformanceTools {
  @McpTool({
    name: 'greet',
    description: 'Sync-only: returns "Hello, {name}!"',
    input: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  })
  greet(args: { name: string }): string {
    return `Hello, ${args.name}!`;
  }

  @McpTool({
    name: 'slow_compute',
    description: 'Task-capable: sleeps `seconds` then answers; cancellable while it sleeps',
    input: {
      type: 'object',
      properties: {
        seconds: { type: 'integer', minimum: 0, maximum: MAX_COMPUTE_SECONDS },
        label: { type: 'string' },
      },
      required: ['seconds'],
    },
    taskSupport: 'optional',
    timeoutMs: (MAX_COMPUTE_SECONDS + 10) * 1000,
  })
  async slowCompute(
    args: { seconds: number; label?: string },
    ctx: McpHandlerContext,
  ): Promise<string> {
    await sleep(args.seconds * 1000, undefined, { signal: ctx.signal });
    return `Computed ${args.label ?? 'result'} after ${args.seconds}s`;
  }

  @McpTool({
    name: 'failing_job',
    description: 'Task-only: reports a tool execution error after about a second',
    taskSupport: 'required',
  })
  async failingJob(_args: unknown, ctx: McpHandlerContext): Promise<string> {
    await sleep(1000, undefined, { signal: ctx.signal });
    throw new McpToolError('The job failed');
  }

  @McpTool({
    name: 'protocol_error_job',
    description: 'Task-capable: fails with a JSON-RPC (protocol) error',
    taskSupport: 'optional',
  })
  protocolErrorJob(): string {
    throw new McpError(JsonRpcErrorCode.InternalError, 'Protocol task failed');
  }

  @McpTool({
    name: 'confirm_delete',
    description: 'Task-capable: asks the client to confirm (elicitation) before "deleting" a file',
    input: { type: 'object', properties: { filename: { type: 'string' } }, required: ['filename'] },
    taskSupport: 'optional',
  })
  async confirmDelete(args: { filename: string }, ctx: McpHandlerContext): Promise<string> {
    const answer = await ctx.requestInput('confirm_delete', 'elicitation/create', {
      message: `Delete ${args.filename}?`,
      requestedSchema: singleFieldSchema('confirm', 'boolean'),
    });
    return acceptedField(answer, 'confirm') === true
      ? `Deleted ${args.filename}`
      : `Kept ${args.filename}`;
  }

  @McpTool({
    name: 'multi_input',
    description: 'Task-capable: asks two questions at once (two pending input requests)',
    taskSupport: 'optional',
  })
  async multiInput(_args: unknown, ctx: McpHandlerContext): Promise<string> {
    const ask = (key: string, message: string) =>
      ctx.requestInput(key, 'elicitation/create', {
        message,
        requestedSchema: singleFieldSchema('name'),
      });
    const [first, second] = await Promise.all([
      ask('first', 'First name?'),
      ask('second', 'Second name?'),
    ]);
    return `Got ${String(acceptedField(first, 'name'))} and ${String(acceptedField(second, 'name'))}`;
  }

  @McpTool({
    name: 'test_tool_with_task',
    description: 'Task-only: asks for a name by MRTR, then runs as a task greeting that name',
    taskSupport: 'required',
    taskInputs: { user_name: NAME_QUESTION },
  })
  async toolWithTask(_args: unknown, ctx: McpHandlerContext): Promise<string> {
    const answer = await ctx.requestInput('user_name', NAME_QUESTION.method, NAME_QUESTION.params);
    return `Hello, ${String(acceptedField(answer, 'name'))}! (from a task)`;
  }
}
