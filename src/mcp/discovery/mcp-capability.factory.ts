import { Injectable } from '@nestjs/common';

import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { compact, deepFreeze } from '../../protocol/schema/json-object.util.js';
import type { AccessRequirements } from '../../protocol/capabilities/capability.types.js';
import type { DiscoveredResourceTemplate } from './capability-views.js';
import { McpHandlerFactory } from './mcp-handler.factory.js';
import type {
  McpCompletionMetadata,
  McpPromptMetadata,
  McpResourceListMetadata,
  McpResourceMetadata,
  McpResourceTemplateMetadata,
} from './mcp-metadata.types.js';
import type {
  HandlerSource,
  RegisteredCompletion,
  RegisteredPrompt,
  RegisteredResource,
  RegisteredResourceLister,
} from '../../protocol/capabilities/registered-capability.types.js';
import {
  normalizeCompletionResult,
  normalizePromptResult,
  normalizeResourceListPage,
  normalizeResourceResult,
} from './result-normalizer.js';
import { UriTemplate } from './uri-template.js';

/**
 * Turns `@McpResource`, `@McpResourceTemplate`, `@McpPrompt` and `@McpCompletion` methods into
 * registry entries, with their list entries and Nest-wrapped handlers built once at boot.
 * Handler argument order: see the decorators (the context is always second).
 */
@Injectable()
export class McpCapabilityFactory {
  constructor(private readonly handlers: McpHandlerFactory) {}

  resource(
    instance: object,
    metadata: McpResourceMetadata,
    access: AccessRequirements,
    source: HandlerSource,
  ): RegisteredResource {
    const { uri, name, title, description, mimeType, size } = metadata;
    const handler = this.handlers.create(instance, source.methodName, source);
    const resource: RegisteredResource = {
      kind: 'resource',
      uri,
      listing: deepFreeze(compact({ uri, name, title, description, mimeType, size })),
      access,
      source,
      read: async (requested, context) =>
        normalizeResourceResult(await handler(requested, context), requested, mimeType),
    };
    return Object.freeze(resource);
  }

  resourceTemplate(
    instance: object,
    metadata: McpResourceTemplateMetadata,
    access: AccessRequirements,
    source: HandlerSource,
  ): DiscoveredResourceTemplate {
    const { uriTemplate, name, title, description, mimeType } = metadata;
    const pattern = UriTemplate.parse(uriTemplate);
    const handler = this.handlers.create(instance, source.methodName, source);
    const template: DiscoveredResourceTemplate = {
      kind: 'resource-template',
      uriTemplate,
      variables: pattern.variables,
      listing: deepFreeze(compact({ uriTemplate, name, title, description, mimeType })),
      access,
      source,
      match: (uri) => pattern.match(uri),
      read: async (uri, variables, context) =>
        normalizeResourceResult(await handler(variables, context, uri), uri, mimeType),
    };
    return Object.freeze(template);
  }

  prompt(
    instance: object,
    metadata: McpPromptMetadata,
    access: AccessRequirements,
    source: HandlerSource,
  ): RegisteredPrompt {
    const { name, title, description } = metadata;
    const promptArguments = deepFreeze(
      (metadata.arguments ?? []).map((argument) => compact({ ...argument })),
    );
    const required = promptArguments.filter((argument) => argument.required === true);
    const handler = this.handlers.create(instance, source.methodName, source);
    const prompt: RegisteredPrompt = {
      kind: 'prompt',
      name,
      arguments: promptArguments,
      listing: deepFreeze(compact({ name, title, description, arguments: promptArguments })),
      access,
      source,
      async get(args, context) {
        // prompts/get: a missing required argument is invalid params (-32602), checked here so
        // the handler can rely on it.
        const missing = required.find((argument) => typeof args[argument.name] !== 'string');
        if (missing) throw McpError.invalidParams(`Missing required argument: ${missing.name}`);
        return normalizePromptResult(await handler(args, context));
      },
    };
    return Object.freeze(prompt);
  }

  resourceLister(
    instance: object,
    metadata: McpResourceListMetadata,
    source: HandlerSource,
  ): RegisteredResourceLister {
    const handler = this.handlers.create(instance, source.methodName, source);
    const lister: RegisteredResourceLister = {
      uriTemplate: metadata.uriTemplate,
      source,
      list: async (request, context) => normalizeResourceListPage(await handler(request, context)),
    };
    return Object.freeze(lister);
  }

  completion(
    instance: object,
    metadata: McpCompletionMetadata,
    source: HandlerSource,
  ): RegisteredCompletion {
    const handler = this.handlers.create(instance, source.methodName, source);
    const completion: RegisteredCompletion = {
      ref: metadata.ref,
      argument: metadata.argument,
      source,
      complete: async (value, context, handlerContext) =>
        normalizeCompletionResult(await handler(value, handlerContext, context)),
    };
    return Object.freeze(completion);
  }
}
