import type { ExecutionContext } from '@nestjs/common';

import type { McpHandlerContext } from '../../protocol/context/handler-context.js';
import { MCP_CONTEXT_TYPE } from './mcp-metadata.constants.js';

/**
 * Index of the `McpHandlerContext` among the arguments of every MCP handler: tools and prompts
 * get `(args, ctx)`, resources `(uri, ctx)`, templates `(variables, ctx, uri)`, completions
 * `(value, ctx, context)`. Keeping it in one place lets guards find it whatever the kind.
 */
export const MCP_HANDLER_CONTEXT_INDEX = 1;

/** True when a guard or interceptor runs around an MCP handler (not HTTP, not RPC). */
export function isMcpExecutionContext(context: ExecutionContext): boolean {
  return context.getType<string>() === MCP_CONTEXT_TYPE;
}

/**
 * The handler context (principal, session, request id…) of an MCP invocation, for guards and
 * interceptors: `getMcpHandlerContext(context).principal.roles`.
 *
 * @throws Error when called outside an MCP invocation
 */
export function getMcpHandlerContext(context: ExecutionContext): McpHandlerContext {
  if (!isMcpExecutionContext(context)) {
    throw new Error(`not an MCP execution context (type "${context.getType()}")`);
  }
  return context.getArgByIndex<McpHandlerContext>(MCP_HANDLER_CONTEXT_INDEX);
}
