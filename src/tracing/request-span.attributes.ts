import type { Attributes } from '@opentelemetry/api';
import { ATTR_RPC_SYSTEM_NAME } from '@opentelemetry/semantic-conventions';

import type { RequestContext } from '../protocol/context/request-context.js';
import type { JsonRpcRequest } from '../protocol/json-rpc/json-rpc.types.js';
import {
  GEN_AI_PROMPT_NAME,
  GEN_AI_TOOL_NAME,
  JSONRPC_PROTOCOL_VERSION,
  JSONRPC_REQUEST_ID,
  MCP_METHOD_NAME,
  MCP_PROTOCOL_VERSION,
  MCP_RESOURCE_URI,
  MCP_SESSION_ID,
  NETWORK_TRANSPORT,
} from './trace-attributes.js';

/** The span of one request: `<method> <target>`, and its attributes (semconv MCP server span). */
export interface RequestSpanShape {
  readonly name: string;
  readonly attributes: Attributes;
}

/**
 * Semconv MCP names a request span `{mcp.method.name} {target}`, the target being the tool or
 * prompt name; resource URIs stay out of the name (unbounded cardinality) and go to
 * `mcp.resource.uri`. Ids are span attributes, never metric labels. `ctx` is absent for
 * `initialize`, which is served before a session exists.
 */
export function requestSpanShape(
  request: JsonRpcRequest,
  ctx: RequestContext | undefined,
): RequestSpanShape {
  const { method, params } = request;
  const attributes: Attributes = {
    [MCP_METHOD_NAME]: method,
    [JSONRPC_REQUEST_ID]: String(request.id),
    [JSONRPC_PROTOCOL_VERSION]: '2.0',
    [ATTR_RPC_SYSTEM_NAME]: 'jsonrpc',
  };
  if (ctx !== undefined) {
    attributes[MCP_PROTOCOL_VERSION] = ctx.protocolVersion;
    attributes[NETWORK_TRANSPORT] = ctx.transport === 'stdio' ? 'pipe' : 'tcp';
    if (ctx.session !== undefined) attributes[MCP_SESSION_ID] = ctx.session.id;
  }
  const target = typeof params?.name === 'string' ? params.name : undefined;
  if (method === 'tools/call' && target !== undefined) {
    attributes[GEN_AI_TOOL_NAME] = target;
    return { name: `${method} ${target}`, attributes };
  }
  if (method === 'prompts/get' && target !== undefined) {
    attributes[GEN_AI_PROMPT_NAME] = target;
    return { name: `${method} ${target}`, attributes };
  }
  if (method === 'resources/read' && typeof params?.uri === 'string') {
    attributes[MCP_RESOURCE_URI] = params.uri;
  }
  return { name: method, attributes };
}
