import { Injectable } from '@nestjs/common';

import type {
  RegisteredResourceTemplate,
  RegisteredTool,
  ResourceListSource,
} from '../../protocol/capabilities/registered-capability.types.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { DispatchCall } from './dispatch-call.js';
import type { MethodEntry, MethodGroup } from './method-entry.types.js';

/**
 * A protocol extension (SEP-2133 `capabilities.extensions`) living outside the core, e.g. the
 * tasks extension in `src/tasks`: its methods, what it advertises, and optionally a say in how
 * a `tools/call` is served.
 */
export interface McpExtension extends MethodGroup {
  /** The extension identifier, e.g. `io.modelcontextprotocol/tasks`. */
  readonly id: string;
  /** Its server capability object under `capabilities.extensions[id]`. */
  readonly capability: JsonObject;
  /**
   * `all`: also served and advertised on 2025-era sessions (the skills extension); default
   * `modern`: 2026-07-28 only (tasks).
   */
  readonly era?: 'all' | 'modern';
  /**
   * Serves an authorized, rate-checked `tools/call` instead of the synchronous runner; returns
   * `undefined` to leave the call to it. Called only for tools that declare `taskSupport`.
   */
  routeToolCall?(
    tool: RegisteredTool,
    args: JsonObject,
    call: DispatchCall,
  ): Promise<JsonObject> | undefined;
  /**
   * Resources it serves under a URI template of its own (the skills extension's `skill://`
   * files): listed in `resources/list` after the registry's, read by `resources/read` when no
   * registered resource or template matches. The template's read decides per URI who may read.
   */
  readonly resources?: ResourceListSource;
}

/**
 * Where extension modules plug into the core at boot (their `onModuleInit`), so the core never
 * imports them. Read per request only on a method-table miss and for task-capable tools.
 */
@Injectable()
export class McpExtensions {
  private readonly methodTable = new Map<string, MethodEntry>();
  private readonly advertised: Record<string, JsonObject> = {};
  private readonly advertisedToLegacy: Record<string, JsonObject> = {};
  private toolCallRoutes: McpExtension[] = [];
  private resourceSources: ResourceListSource[] = [];

  register(extension: McpExtension): void {
    if (Object.hasOwn(this.advertised, extension.id)) {
      throw new Error(`MCP extension ${extension.id} is registered twice`);
    }
    this.advertised[extension.id] = extension.capability;
    if (extension.era === 'all') this.advertisedToLegacy[extension.id] = extension.capability;
    for (const [method, entry] of extension.methodEntries()) this.methodTable.set(method, entry);
    if (extension.routeToolCall !== undefined)
      this.toolCallRoutes = [...this.toolCallRoutes, extension];
    if (extension.resources !== undefined)
      this.resourceSources = [...this.resourceSources, extension.resources];
  }

  /** The extensions' resource sources, listed after the registry's. */
  resourceListSources(): readonly ResourceListSource[] {
    return this.resourceSources;
  }

  /** The first extension template that matches `uri`, with its variables. */
  matchResourceTemplate(
    uri: string,
  ): { template: RegisteredResourceTemplate; variables: Record<string, string> } | undefined {
    for (const { template } of this.resourceSources) {
      const variables = template.match(uri);
      if (variables !== undefined) return { template, variables };
    }
    return undefined;
  }

  method(name: string): MethodEntry | undefined {
    return this.methodTable.get(name);
  }

  /** `capabilities.extensions` of an era (empty when none is registered). */
  capabilities(era: 'legacy' | 'modern' = 'modern'): Readonly<Record<string, JsonObject>> {
    return era === 'modern' ? this.advertised : this.advertisedToLegacy;
  }

  routeToolCall(
    tool: RegisteredTool,
    args: JsonObject,
    call: DispatchCall,
  ): Promise<JsonObject> | undefined {
    for (const extension of this.toolCallRoutes) {
      const routed = extension.routeToolCall?.(tool, args, call);
      if (routed !== undefined) return routed;
    }
    return undefined;
  }
}
