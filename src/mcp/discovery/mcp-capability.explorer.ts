import { Injectable, Logger, type OnModuleInit, Optional } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import type { Module } from '@nestjs/core/injector/module.js';

import { ToolLintService } from '../../security/tool-lint/tool-lint.service.js';

import { readAccessRequirements } from './mcp-access.reader.js';
import { McpCapabilitiesModule } from './mcp-capabilities.module.js';
import { McpCapabilityFactory } from './mcp-capability.factory.js';
import { McpCapabilityRegistryService } from './mcp-capability-registry.service.js';
import {
  MCP_COMPLETION_METADATA,
  MCP_PROMPT_METADATA,
  MCP_RESOURCE_LIST_METADATA,
  MCP_RESOURCE_METADATA,
  MCP_RESOURCE_TEMPLATE_METADATA,
  MCP_TOOL_METADATA,
} from './mcp-metadata.constants.js';
import type {
  McpCompletionMetadata,
  McpPromptMetadata,
  McpResourceListMetadata,
  McpResourceMetadata,
  McpResourceTemplateMetadata,
  McpToolMetadata,
} from './mcp-metadata.types.js';
import { McpToolFactory } from './mcp-tool.factory.js';

const CAPABILITY_KEYS = [
  MCP_TOOL_METADATA,
  MCP_RESOURCE_METADATA,
  MCP_RESOURCE_TEMPLATE_METADATA,
  MCP_PROMPT_METADATA,
  MCP_COMPLETION_METADATA,
  MCP_RESOURCE_LIST_METADATA,
];

type Method = (...args: never[]) => unknown;
type ClassRef = abstract new (...args: never[]) => unknown;

/**
 * Fills the registry once at boot, then freezes it (the pattern of @nestjs/schedule's explorer).
 *
 * Runs in `onModuleInit` of the global `McpDiscoveryModule`: every provider instance exists by
 * then, and Nest runs the hooks of global modules first, so the registry is complete before any
 * feature module's `onModuleInit`, and long before `listen()`. Only providers of modules that
 * import `McpCapabilitiesModule.forFeature()` are scanned. Request-scoped providers are
 * skipped with a warning: their handlers would need an instance per request, which the hot path
 * does not pay for.
 */
@Injectable()
export class McpCapabilityExplorer implements OnModuleInit {
  private readonly logger = new Logger(McpCapabilityExplorer.name);

  constructor(
    private readonly modules: ModulesContainer,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly registry: McpCapabilityRegistryService,
    private readonly tools: McpToolFactory,
    private readonly capabilities: McpCapabilityFactory,
    /**
     * The tool-poisoning lint (docs/security.md "Limits"), from the global SecurityModule that the
     * application always loads; only unit tests of discovery alone run without it.
     */
    @Optional() private readonly lint?: ToolLintService,
  ) {}

  onModuleInit(): void {
    for (const module of this.modules.values()) {
      if (isOptedIn(module)) this.exploreModule(module);
    }
    this.registry.freeze();
    this.logger.log(
      `discovered ${this.registry.allToolVersions().length} tool versions, ` +
        `${this.registry.resources().length} resources, ` +
        `${this.registry.resourceTemplates().length} resource templates, ` +
        `${this.registry.prompts().length} prompts`,
    );
  }

  private exploreModule(module: Module): void {
    for (const wrapper of module.providers.values()) {
      const instance: unknown = wrapper.instance;
      if (wrapper.isAlias || typeof instance !== 'object' || instance === null) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      const methods = this.scanner
        .getAllMethodNames(prototype)
        .filter((name) => this.isCapability(prototype, name));
      if (methods.length === 0) continue;
      if (!wrapper.isDependencyTreeStatic()) {
        this.warnScoped(wrapper);
        continue;
      }
      for (const methodName of methods) this.exploreMethod(instance, methodName);
    }
  }

  private exploreMethod(instance: object, methodName: string): void {
    const classRef = instance.constructor as ClassRef;
    const method = (instance as Record<string, Method>)[methodName] as Method;
    const source = Object.freeze({ className: classRef.name, methodName });
    const access = readAccessRequirements(this.reflector, classRef, method);
    const read = <T>(key: string): T | undefined => this.reflector.get<T | undefined>(key, method);

    const tool = read<McpToolMetadata>(MCP_TOOL_METADATA);
    if (tool) {
      const registered = this.tools.create(instance, tool, access, source);
      // MCP_TOOL_LINT=block: a finding throws here and stops the boot, naming tool and finding.
      this.lint?.enforce(registered.definition);
      this.registry.addTool(registered);
    }
    const resource = read<McpResourceMetadata>(MCP_RESOURCE_METADATA);
    if (resource) {
      this.registry.addResource(this.capabilities.resource(instance, resource, access, source));
    }
    const template = read<McpResourceTemplateMetadata>(MCP_RESOURCE_TEMPLATE_METADATA);
    if (template) {
      const entry = this.capabilities.resourceTemplate(instance, template, access, source);
      this.registry.addResourceTemplate(entry);
    }
    const prompt = read<McpPromptMetadata>(MCP_PROMPT_METADATA);
    if (prompt) this.registry.addPrompt(this.capabilities.prompt(instance, prompt, access, source));
    const completion = read<McpCompletionMetadata>(MCP_COMPLETION_METADATA);
    if (completion) {
      this.registry.addCompletion(this.capabilities.completion(instance, completion, source));
    }
    const lister = read<McpResourceListMetadata>(MCP_RESOURCE_LIST_METADATA);
    if (lister) {
      this.registry.addResourceLister(this.capabilities.resourceLister(instance, lister, source));
    }
  }

  private isCapability(prototype: object, methodName: string): boolean {
    const method = (prototype as Record<string, unknown>)[methodName];
    return CAPABILITY_KEYS.some((key) => Reflect.hasMetadata(key, method as object));
  }

  private warnScoped(wrapper: InstanceWrapper): void {
    this.logger.warn(
      `${String(wrapper.name)} is request-scoped (or depends on a request-scoped provider): ` +
        'its MCP capabilities are not registered; make it a singleton to expose them',
    );
  }
}

function isOptedIn(module: Module): boolean {
  for (const imported of module.imports) {
    if (imported.metatype === McpCapabilitiesModule) return true;
  }
  return false;
}
