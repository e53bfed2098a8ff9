import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  McpError,
  ErrorCode,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';

import type { JsonObject } from '../../../src/protocol/json-rpc/json-rpc.types.js';
import type { FixtureState } from './fixture-state.js';
import type { FixtureTool } from './upstream-fixture.types.js';

type CallExtra = Parameters<Parameters<Server['setRequestHandler']>[1]>[1];

/**
 * One session of a fixture upstream, built with the official SDK 1.x low-level `Server` (the
 * most widespread upstream implementation); every session shares the fixture's state.
 */
export function buildFixtureServer(state: FixtureState): Server {
  const server = new Server(
    { name: state.spec.name ?? 'fixture-upstream', version: '1.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { listChanged: true, subscribe: true },
        prompts: { listChanged: true },
        logging: {},
      },
    },
  );
  const page = <T>(items: readonly T[], cursor: string | undefined) => {
    const size = state.spec.pageSize ?? items.length;
    const start = cursor === undefined ? 0 : Number(cursor);
    const end = start + Math.max(size, 1);
    return {
      items: items.slice(start, end),
      ...(end < items.length ? { nextCursor: String(end) } : {}),
    };
  };
  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    const { items, nextCursor } = page([...state.tools.values()], request.params?.cursor);
    return {
      tools: items.map((tool) => ({
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        inputSchema: (tool.inputSchema ?? { type: 'object' }) as { type: 'object' },
        ...(tool.annotations === undefined ? {} : { annotations: tool.annotations }),
      })),
      ...(nextCursor === undefined ? {} : { nextCursor }),
    };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = state.tools.get(request.params.name);
    if (tool === undefined) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    }
    const args = request.params.arguments ?? {};
    state.events.calls.push({ tool: tool.name, arguments: args });
    return callFixtureTool(state, tool, args, extra);
  });
  server.setRequestHandler(ListResourcesRequestSchema, (request) => {
    const { items, nextCursor } = page(state.spec.resources ?? [], request.params?.cursor);
    return {
      resources: items.map(({ uri, name, description }) => ({
        uri,
        name,
        ...(description === undefined ? {} : { description }),
        mimeType: 'text/plain',
      })),
      ...(nextCursor === undefined ? {} : { nextCursor }),
    };
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [{ uriTemplate: 'fixture://items/{id}', name: 'item' }],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, (request) => {
    const resource = (state.spec.resources ?? []).find((r) => r.uri === request.params.uri);
    if (resource === undefined) {
      throw new McpError(-32002, `Resource not found: ${request.params.uri}`);
    }
    return { contents: [{ uri: resource.uri, mimeType: 'text/plain', text: resource.text }] };
  });
  server.setRequestHandler(SubscribeRequestSchema, (request) => {
    if (state.spec.refusedSubscriptions?.includes(request.params.uri) === true) {
      throw new McpError(ErrorCode.InvalidParams, `Subscriptions to ${request.params.uri} refused`);
    }
    state.events.subscriptions.push(request.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    state.events.unsubscriptions.push(request.params.uri);
    return {};
  });
  server.setRequestHandler(ListPromptsRequestSchema, (request) => {
    const { items, nextCursor } = page([...state.prompts.values()], request.params?.cursor);
    return {
      prompts: items.map(({ name, description }) => ({
        name,
        ...(description === undefined ? {} : { description }),
      })),
      ...(nextCursor === undefined ? {} : { nextCursor }),
    };
  });
  server.setRequestHandler(GetPromptRequestSchema, (request) => {
    const prompt = state.prompts.get(request.params.name);
    if (prompt === undefined) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
    }
    const text = `${prompt.text} ${JSON.stringify(request.params.arguments ?? {})}`;
    return { messages: [{ role: 'user', content: { type: 'text', text } }] };
  });
  return server;
}

async function callFixtureTool(
  state: FixtureState,
  tool: FixtureTool,
  args: JsonObject,
  extra: CallExtra,
): Promise<CallToolResult> {
  const text = (value: unknown): CallToolResult => ({
    content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value) }],
  });
  switch (tool.behaviour ?? 'echo') {
    case 'echo':
      return { ...text(args), structuredContent: args };
    case 'hang':
      return new Promise<CallToolResult>((_resolve, reject) => {
        extra.signal.addEventListener('abort', () => {
          state.events.cancelled.push({ tool: tool.name, requestId: extra.requestId });
          reject(new Error('cancelled'));
        });
      });
    case 'progress': {
      const progressToken = extra._meta?.progressToken;
      for (let progress = 1; progress <= 3 && progressToken !== undefined; progress += 1) {
        await extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken, progress, total: 3, message: `step ${progress}` },
        });
      }
      return text('done');
    }
    case 'error':
      return { ...text('the fixture tool failed'), isError: true };
    case 'log':
      await extra.sendNotification({
        method: 'notifications/message',
        params: { level: 'info', logger: 'fixture', data: args },
      });
      return text('logged');
    case 'set-description':
      await state.setToolDescription(String(args.name), String(args.description));
      return text('changed');
    case 'events':
      return { ...text(state.events), structuredContent: { ...state.events } };
  }
}
