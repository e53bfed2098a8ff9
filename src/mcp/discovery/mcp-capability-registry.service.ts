import { Injectable } from '@nestjs/common';

import type { Principal } from '../../protocol/context/principal.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import type { CompletionReference } from '../../protocol/capabilities/capability.types.js';
import type {
  RegisteredCompletion,
  RegisteredPrompt,
  RegisteredResource,
  RegisteredResourceLister,
  RegisteredResourceTemplate,
  RegisteredTool,
  ResourceListSource,
} from '../../protocol/capabilities/registered-capability.types.js';
import type {
  ToolServing,
  ToolVersionServing,
} from '../../protocol/capabilities/tool-version-serving.js';
import {
  type DynamicCapabilities,
  DynamicCapabilityServing,
  NO_DYNAMIC_CAPABILITIES,
} from '../../protocol/capabilities/dynamic-capabilities.js';
import {
  buildCapabilityViews,
  byKey,
  type CapabilityViews,
  type DiscoveredResourceTemplate,
  lastOfEach,
  type LocalCapabilities,
  servedTools,
  type ServedTools,
} from './capability-views.js';
import {
  checkCompletionTarget,
  completionKey,
  describe,
  duplicate,
} from './registry-declarations.js';
import { compareVersionLabels } from './version-label.compare.js';

/**
 * The capability registry: filled by the explorer at boot, then frozen. Writes after `freeze()`
 * and reads before it throw, so an ordering mistake fails loudly instead of serving an empty
 * list. Lists are sorted by code units (deterministic across instances, 2026-07-28 tools/list).
 * Dynamic capabilities (federated upstreams) are merged into the read views, which are swapped
 * whole (docs/federation.md "Registry integration"): a call still costs one map lookup.
 */
@Injectable()
export class McpCapabilityRegistryService
  extends CapabilityRegistry
  implements ToolVersionServing, DynamicCapabilityServing
{
  private readonly toolVersions = new Map<string, RegisteredTool[]>();
  private served = servedTools(new Map());
  /** Only clients some policy pins to another version than `served` have an entry. */
  private servedByClient: ReadonlyMap<string, ServedTools> = new Map();
  private readonly resourcesByUri = new Map<string, RegisteredResource>();
  private readonly templatesByPattern = new Map<string, DiscoveredResourceTemplate>();
  private readonly promptsByName = new Map<string, RegisteredPrompt>();
  private readonly completionsByTarget = new Map<string, RegisteredCompletion>();
  private readonly listersByTemplate = new Map<string, RegisteredResourceLister>();
  private frozen = false;
  private views: CapabilityViews = buildCapabilityViews(
    {
      toolVersions: new Map(),
      resourcesByUri: new Map(),
      templatesByPattern: new Map(),
      promptsByName: new Map(),
    },
    NO_DYNAMIC_CAPABILITIES,
  );
  private listSources: readonly ResourceListSource[] = [];
  private readonly declarationListeners = new Set<() => void>();

  addTool(tool: RegisteredTool): void {
    this.assertWritable();
    const { name, version } = tool.definition;
    const versions = this.toolVersions.get(name) ?? [];
    const clash = versions.find((other) => other.definition.version === version);
    if (clash) duplicate(`tool "${name}" version ${version}`, tool.source, clash.source);
    this.toolVersions.set(name, [...versions, tool]);
  }

  addResource(resource: RegisteredResource): void {
    this.assertWritable();
    const clash = this.resourcesByUri.get(resource.uri);
    if (clash) duplicate(`resource "${resource.uri}"`, resource.source, clash.source);
    this.resourcesByUri.set(resource.uri, resource);
  }

  addResourceTemplate(template: DiscoveredResourceTemplate): void {
    this.assertWritable();
    const clash = this.templatesByPattern.get(template.uriTemplate);
    if (clash)
      duplicate(`resource template "${template.uriTemplate}"`, template.source, clash.source);
    this.templatesByPattern.set(template.uriTemplate, template);
  }

  addPrompt(prompt: RegisteredPrompt): void {
    this.assertWritable();
    const clash = this.promptsByName.get(prompt.name);
    if (clash) duplicate(`prompt "${prompt.name}"`, prompt.source, clash.source);
    this.promptsByName.set(prompt.name, prompt);
  }

  addCompletion(completion: RegisteredCompletion): void {
    this.assertWritable();
    const key = completionKey(completion.ref, completion.argument);
    const clash = this.completionsByTarget.get(key);
    if (clash) duplicate(`completion of ${key}`, completion.source, clash.source);
    this.completionsByTarget.set(key, completion);
  }

  addResourceLister(lister: RegisteredResourceLister): void {
    this.assertWritable();
    const clash = this.listersByTemplate.get(lister.uriTemplate);
    if (clash) duplicate(`lister of "${lister.uriTemplate}"`, lister.source, clash.source);
    this.listersByTemplate.set(lister.uriTemplate, lister);
  }

  /**
   * Checks what needs every capability (completion and lister targets), picks the served version of each
   * tool (the highest label), builds the sorted lists once, and closes the registry.
   */
  freeze(): void {
    this.assertWritable();
    for (const completion of this.completionsByTarget.values()) {
      checkCompletionTarget(completion, this.promptsByName, this.templatesByPattern);
    }
    for (const { uriTemplate, source } of this.listersByTemplate.values()) {
      if (!this.templatesByPattern.has(uriTemplate)) {
        throw new Error(
          `${describe(source)}: @McpResourceList targets "${uriTemplate}", which is not declared`,
        );
      }
    }
    for (const versions of this.toolVersions.values()) {
      versions.sort((a, b) => compareVersionLabels(a.definition.version, b.definition.version));
    }
    this.views = buildCapabilityViews(this.local(), NO_DYNAMIC_CAPABILITIES);
    this.served = servedTools(lastOfEach(this.views.toolVersions));
    const templates = [...this.templatesByPattern.values()].sort(byKey((t) => t.uriTemplate));
    this.listSources = Object.freeze(
      templates.flatMap((template) => {
        const lister = this.listersByTemplate.get(template.uriTemplate);
        return lister === undefined ? [] : [{ template, lister }];
      }),
    );
    this.frozen = true;
  }

  replaceDynamic(capabilities: DynamicCapabilities): readonly string[] {
    this.assertReadable();
    this.views = buildCapabilityViews(this.local(), capabilities);
    if (this.declarationListeners.size === 0) {
      this.served = servedTools(lastOfEach(this.views.toolVersions));
      this.servedByClient = new Map();
    }
    for (const listener of this.declarationListeners) listener();
    return this.views.clashes;
  }

  onDeclarationsChanged(listener: () => void): () => void {
    this.declarationListeners.add(listener);
    return () => this.declarationListeners.delete(listener);
  }

  /**
   * Replaces which declared version of each tool is served: the served tool versions (approval
   * state, operator pins and overrides from `tool_policies`) choose among `versions` (lowest
   * label first), for every client and for the clients pinned to another version. Each pinned
   * client gets its whole map and list here, at admin rate, so a call costs one map lookup
   * whoever makes it. Everything is built first and then swapped in, so a reader sees either
   * the old view or the new one.
   */
  serveToolVersions(
    choose: (name: string, versions: readonly RegisteredTool[]) => ToolServing,
  ): void {
    this.assertReadable();
    const served = new Map<string, RegisteredTool>();
    const pinnedByClient = new Map<string, Map<string, RegisteredTool>>();
    for (const [name, versions] of this.views.toolVersions) {
      const { tool, byClient } = choose(name, versions);
      if (tool !== undefined) served.set(name, tool);
      for (const [clientId, pinned] of byClient) {
        const pins = pinnedByClient.get(clientId) ?? new Map<string, RegisteredTool>();
        pinnedByClient.set(clientId, pins.set(name, pinned));
      }
    }
    const servedByClient = new Map<string, ServedTools>();
    for (const [clientId, pins] of pinnedByClient) {
      servedByClient.set(clientId, servedTools(new Map([...served, ...pins])));
    }
    this.served = servedTools(served);
    this.servedByClient = servedByClient;
  }

  /** Every declared version of `name`, lowest label first (empty when not declared). */
  declaredVersions(name: string): readonly RegisteredTool[] {
    this.assertReadable();
    return this.views.toolVersions.get(name) ?? [];
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  tools(): readonly RegisteredTool[] {
    this.assertReadable();
    return this.served.list;
  }

  findTool(name: string): RegisteredTool | undefined {
    this.assertReadable();
    return this.served.byName.get(name);
  }

  toolsFor(principal: Principal): readonly RegisteredTool[] {
    return this.servedTo(principal).list;
  }

  findToolFor(name: string, principal: Principal): RegisteredTool | undefined {
    return this.servedTo(principal).byName.get(name);
  }

  allToolVersions(): readonly RegisteredTool[] {
    this.assertReadable();
    return this.views.allToolList;
  }

  resources(): readonly RegisteredResource[] {
    this.assertReadable();
    return this.views.resourceList;
  }

  findResource(uri: string): RegisteredResource | undefined {
    this.assertReadable();
    return this.views.resourcesByUri.get(uri);
  }

  resourceTemplates(): readonly RegisteredResourceTemplate[] {
    this.assertReadable();
    return this.views.templateList;
  }

  resourceListSources(): readonly ResourceListSource[] {
    this.assertReadable();
    return this.listSources;
  }

  matchResourceTemplate(uri: string): ReturnType<CapabilityRegistry['matchResourceTemplate']> {
    this.assertReadable();
    for (const template of this.views.templateList) {
      const variables = template.match(uri);
      if (variables !== undefined) return { template, variables };
    }
    return undefined;
  }

  prompts(): readonly RegisteredPrompt[] {
    this.assertReadable();
    return this.views.promptList;
  }

  findPrompt(name: string): RegisteredPrompt | undefined {
    this.assertReadable();
    return this.views.promptsByName.get(name);
  }

  findCompletion(ref: CompletionReference, argument: string): RegisteredCompletion | undefined {
    this.assertReadable();
    return this.completionsByTarget.get(completionKey(ref, argument));
  }

  /** An unpinned client (the common case) costs one lookup in a map that is usually empty. */
  private servedTo({ clientId }: Principal): ServedTools {
    this.assertReadable();
    return (clientId === undefined ? undefined : this.servedByClient.get(clientId)) ?? this.served;
  }

  private local(): LocalCapabilities {
    return {
      toolVersions: this.toolVersions,
      resourcesByUri: this.resourcesByUri,
      templatesByPattern: this.templatesByPattern,
      promptsByName: this.promptsByName,
    };
  }

  private assertWritable(): void {
    if (this.frozen) throw new Error('the capability registry is frozen after boot');
  }

  private assertReadable(): void {
    if (!this.frozen)
      throw new Error('the capability registry was read before discovery completed');
  }
}
