import type { ClientInputMethod } from '../../protocol/context/handler-context.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { McpSessionService } from '../../sessions/mcp-session.service.js';
import { McpToolError } from './mcp-tool-error.js';
import type { InputRequester, RequestHandlerContext } from './request-handler-context.js';

/** Client capability each server→client request needs (client features, per revision schema). */
const REQUIRED_CAPABILITY: Readonly<Record<ClientInputMethod, string>> = {
  'elicitation/create': 'elicitation',
  'sampling/createMessage': 'sampling',
  'roots/list': 'roots',
};

export function requiredCapabilityOf(method: ClientInputMethod): string {
  return REQUIRED_CAPABILITY[method];
}

/**
 * Legacy era: a JSON-RPC request to the client over the request's own sink (the POST's SSE
 * stream, `/sse`, stdout); the answer comes back as a posted response.
 */
export class SessionInputRequester implements InputRequester {
  constructor(private readonly sessions: McpSessionService) {}

  async request(
    context: RequestHandlerContext,
    _key: string,
    method: ClientInputMethod,
    params: JsonObject,
  ): Promise<JsonObject> {
    const { ctx } = context.call;
    if (!Object.hasOwn(ctx.clientCapabilities, requiredCapabilityOf(method))) {
      throw new McpToolError(`The client does not support ${method}`);
    }
    if (ctx.session === undefined) throw new McpToolError(`${method} needs a session`);
    const response = await this.sessions
      .outboundFor(ctx.session)
      .request(ctx.sink, method, params, context.signal);
    if ('error' in response) {
      throw new McpToolError(`The client declined ${method}: ${response.error.message}`);
    }
    return response.result;
  }
}
