import { ForbiddenException, Injectable } from '@nestjs/common';
import { EXCEPTION_FILTERS_METADATA } from '@nestjs/common/constants.js';
import { ExternalContextCreator } from '@nestjs/core';
import type { ParamsFactory } from '@nestjs/core/helpers/external-context-creator.js';

import { InsufficientScopeError } from '../../policy/insufficient-scope.error.js';
import type { HandlerSource } from '../../protocol/capabilities/registered-capability.types.js';
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
 * `'mcp'`, without going through Express (docs/architecture.md "The hot path").
 */
@Injectable()
export class McpHandlerFactory {
  constructor(private readonly externalContextCreator: ExternalContextCreator) {}

  /**
   * `body`, when given, runs after the guards, interceptors and pipes instead of the method
   * (isolated tools run in a worker); it carries the method's metadata, so `@UseGuards`,
   * `@McpRoles` and the like still apply as declared on the method.
   */
  create(
    instance: object,
    methodName: string,
    source: HandlerSource,
    body?: (...args: never[]) => Promise<unknown>,
  ): McpHandler {
    const method = (instance as Record<string, unknown>)[methodName] as (
      ...args: unknown[]
    ) => unknown;
    const handler = this.externalContextCreator.create(
      instance,
      body === undefined ? method : withMetadataOf(method, body as (...args: unknown[]) => unknown),
      methodName,
      MCP_HANDLER_PARAMS_METADATA,
      POSITIONAL_PARAMS,
      undefined,
      undefined,
      { guards: true, interceptors: true, filters: declaresFilters(instance, method) },
      MCP_CONTEXT_TYPE,
    ) as McpHandler;
    const denied = `${source.className}.${source.methodName}`;
    // Created once per handler, not per call: the hot path only pays for the `.catch`.
    const mapDenied = (error: unknown): never => {
      if (error instanceof ForbiddenException) throw new McpAccessDeniedError(denied);
      // A guard's scope gap: the same 403 step-up answer as the dispatcher's own check.
      if (error instanceof InsufficientScopeError) throw error.toMcpError();
      throw error;
    };
    return (...args) => handler(...args).catch(mapDenied);
  }
}

/**
 * Nest's fallback filter of an external context logs every error a handler throws, at error
 * level and without the call's correlation id, before the tool-call runner reports it with one
 * (and an `McpToolError` is no fault at all). So the filter chain is built only for handlers
 * that declare `@UseFilters`, where the author asked for it.
 */
function declaresFilters(instance: object, method: object): boolean {
  return (
    Reflect.hasMetadata(EXCEPTION_FILTERS_METADATA, method) ||
    Reflect.hasMetadata(EXCEPTION_FILTERS_METADATA, instance.constructor)
  );
}

/** Copies every reflect-metadata entry of `from` onto `to` (guards read them from the handler). */
function withMetadataOf<T extends object>(from: object, to: T): T {
  for (const key of Reflect.getMetadataKeys(from) as unknown[]) {
    Reflect.defineMetadata(key, Reflect.getMetadata(key, from), to);
  }
  return to;
}
