import { ForbiddenException, Injectable } from '@nestjs/common';
import { ExternalContextCreator } from '@nestjs/core';
import type { ParamsFactory } from '@nestjs/core/helpers/external-context-creator.js';

import type { HandlerSource } from './registered-capability.types.js';
import { McpAccessDeniedError } from './mcp-access-denied.error.js';
import { MCP_CONTEXT_TYPE, MCP_HANDLER_PARAMS_METADATA } from './mcp-metadata.constants.js';

/** A capability method wrapped with its guards, interceptors, pipes and exception filters. */
export type McpHandler = (...args: unknown[]) => Promise<unknown>;

/** The positional parameter `i` of a handler is argument `i` (see `defineHandlerParams`). */
const POSITIONAL_PARAMS: ParamsFactory = {
  exchangeKeyForValue: (type: number, _data: unknown, args: unknown[]) => args[type],
};

/**
 * Builds each handler once at boot with `ExternalContextCreator` — what @nestjs/graphql and
 * @nestjs/microservices do — so `@UseGuards`, `@UseInterceptors`, `@UsePipes` and
 * `@UseFilters` apply per capability as on a controller, under the execution context type
 * `'mcp'`, without going through Express (ARCHITECTURE "The hot path, measured").
 */
@Injectable()
export class McpHandlerFactory {
  constructor(private readonly externalContextCreator: ExternalContextCreator) {}

  create(instance: object, methodName: string, source: HandlerSource): McpHandler {
    const method = (instance as Record<string, unknown>)[methodName] as (
      ...args: unknown[]
    ) => unknown;
    const handler = this.externalContextCreator.create(
      instance,
      method,
      methodName,
      MCP_HANDLER_PARAMS_METADATA,
      POSITIONAL_PARAMS,
      undefined,
      undefined,
      undefined,
      MCP_CONTEXT_TYPE,
    ) as McpHandler;
    const denied = `${source.className}.${source.methodName}`;
    // Created once per handler, not per call: the hot path only pays for the `.catch`.
    const mapDenied = (error: unknown): never => {
      throw error instanceof ForbiddenException ? new McpAccessDeniedError(denied) : error;
    };
    return (...args) => handler(...args).catch(mapDenied);
  }
}
