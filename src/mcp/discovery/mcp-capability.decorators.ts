import { SetMetadata } from '@nestjs/common';

import type {
  McpCompletionOptions,
  McpPromptOptions,
  McpResourceOptions,
  McpResourceTemplateOptions,
  McpToolOptions,
} from '../../protocol/capabilities/capability.types.js';
import {
  checkCompletionOptions,
  checkPromptOptions,
  checkResourceOptions,
  checkResourceListTemplate,
  checkResourceTemplateOptions,
  checkToolOptions,
} from './mcp-decorator-options.validator.js';
import {
  MCP_COMPLETION_METADATA,
  MCP_HANDLER_PARAMS_METADATA,
  MCP_PROMPT_METADATA,
  MCP_RESOURCE_LIST_METADATA,
  MCP_RESOURCE_METADATA,
  MCP_RESOURCE_TEMPLATE_METADATA,
  MCP_TOOL_METADATA,
} from './mcp-metadata.constants.js';

/*
 * Handlers are called through Nest's ExternalContextCreator (guards, interceptors, pipes and
 * filters apply as on a controller). The context is always the SECOND argument, so guards can
 * read it with `getMcpHandlerContext()` whatever the kind.
 */

/**
 * Declares a tool. The method is called as `(args, ctx: McpHandlerContext)` with `args` already
 * validated against the input schema, and may return:
 * - a string: one text content block;
 * - a `CallToolResult` (an object with a `content` array), kept as is;
 * - with an `output` schema, a plain object: it becomes `structuredContent` plus a text block
 *   with its JSON (tools §Structured content), and is checked against the output schema.
 * Throwing yields an `isError: true` result; a guard returning `false` hides the tool.
 */
export function McpTool(options: McpToolOptions): MethodDecorator {
  return (target, key, descriptor) => {
    const name = options.name ?? String(key);
    checkToolOptions(where('McpTool', target, key), options, name);
    SetMetadata(MCP_TOOL_METADATA, Object.freeze({ ...options, name }))(target, key, descriptor);
    defineHandlerParams(target, key, 2);
  };
}

/**
 * Declares a static resource. Called as `(uri: string, ctx)`; returns a `ReadResourceResult`
 * (`{ contents: [...] }`), a string (one text content) or a Buffer/Uint8Array (one base64
 * `blob`), both with the declared `mimeType`.
 */
export function McpResource(options: McpResourceOptions): MethodDecorator {
  return (target, key, descriptor) => {
    checkResourceOptions(where('McpResource', target, key), options);
    SetMetadata(MCP_RESOURCE_METADATA, Object.freeze({ ...options }))(target, key, descriptor);
    defineHandlerParams(target, key, 2);
  };
}

/**
 * Declares a resource template (RFC 6570 level 1, e.g. `test://template/{id}/data`). Called as
 * `(variables: Record<string, string>, ctx, uri: string)`; returns what `@McpResource` does.
 */
export function McpResourceTemplate(options: McpResourceTemplateOptions): MethodDecorator {
  return (target, key, descriptor) => {
    checkResourceTemplateOptions(where('McpResourceTemplate', target, key), options);
    const metadata = Object.freeze({ ...options });
    SetMetadata(MCP_RESOURCE_TEMPLATE_METADATA, metadata)(target, key, descriptor);
    defineHandlerParams(target, key, 3);
  };
}

/**
 * Declares a prompt. Called as `(args: Record<string, string>, ctx)`; returns a
 * `GetPromptResult` (`{ messages: [...] }`) or a string (one user text message).
 */
export function McpPrompt(options: McpPromptOptions): MethodDecorator {
  return (target, key, descriptor) => {
    const name = options.name ?? String(key);
    checkPromptOptions(where('McpPrompt', target, key), options, name);
    SetMetadata(MCP_PROMPT_METADATA, Object.freeze({ ...options, name }))(target, key, descriptor);
    defineHandlerParams(target, key, 2);
  };
}

/**
 * Completes one prompt argument or template variable (`completion/complete`). Called as
 * `(value: string, ctx, context: { arguments: Record<string, string> })`; returns the
 * candidate strings (the dispatcher caps them at 100). The target must exist at boot.
 */
export function McpCompletion(options: McpCompletionOptions): MethodDecorator {
  return (target, key, descriptor) => {
    checkCompletionOptions(where('McpCompletion', target, key), options);
    SetMetadata(MCP_COMPLETION_METADATA, Object.freeze({ ...options }))(target, key, descriptor);
    defineHandlerParams(target, key, 3);
  };
}

function where(decorator: string, target: object, key: string | symbol): string {
  return `@${decorator} on ${target.constructor.name}.${String(key)}`;
}

/**
 * Describes the handler's positional parameters the way Nest's param decorators describe a
 * controller method's, so pipes bound with `@UsePipes` (and global ones) transform them with
 * the declared parameter type as `metatype`. Nest reports them as `type: 'custom'`, so a
 * `ValidationPipe` needs `validateCustomDecorators: true` to act on them.
 */
function defineHandlerParams(target: object, key: string | symbol, count: number): void {
  const params: Record<string, { index: number; data: undefined; pipes: [] }> = {};
  for (let index = 0; index < count; index++) {
    params[`${index}:${index}`] = { index, data: undefined, pipes: [] };
  }
  Reflect.defineMetadata(MCP_HANDLER_PARAMS_METADATA, params, target.constructor, key);
}

/**
 * Lists the resources of the template `uriTemplate` (declared with `@McpResourceTemplate`), so
 * `resources/list` names them after the static resources, to whoever may read the template.
 * Called as `({ cursor, limit }, ctx)`; returns `{ resources, nextCursor? }` where each resource
 * has `uri` and `name` (and `title`, `description`, `mimeType`, `size` as in the MCP `Resource`),
 * at most `limit` of them, and `nextCursor` is the method's own (e.g. the last id listed).
 */
export function McpResourceList(uriTemplate: string): MethodDecorator {
  return (target, key, descriptor) => {
    checkResourceListTemplate(where('McpResourceList', target, key), uriTemplate);
    SetMetadata(MCP_RESOURCE_LIST_METADATA, Object.freeze({ uriTemplate }))(
      target,
      key,
      descriptor,
    );
    defineHandlerParams(target, key, 2);
  };
}
