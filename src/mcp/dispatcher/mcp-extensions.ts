import { Injectable } from '@nestjs/common';

import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
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
   * Serves an authorized, rate-checked `tools/call` instead of the synchronous runner; returns
   * `undefined` to leave the call to it. Called only for tools that declare `taskSupport`.
   */
  routeToolCall?(
    tool: RegisteredTool,
    args: JsonObject,
    call: DispatchCall,
  ): Promise<JsonObject> | undefined;
}

/**
 * Where extension modules plug into the core at boot (their `onModuleInit`), so the core never
 * imports them. Read per request only on a method-table miss and for task-capable tools.
 */
@Injectable()
export class McpExtensions {
  private readonly methodTable = new Map<string, MethodEntry>();
  private readonly advertised: Record<string, JsonObject> = {};
  private toolCallRoutes: McpExtension[] = [];

  register(extension: McpExtension): void {
    if (Object.hasOwn(this.advertised, extension.id)) {
      throw new Error(`MCP extension ${extension.id} is registered twice`);
    }
    this.advertised[extension.id] = extension.capability;
    for (const [method, entry] of extension.methodEntries()) this.methodTable.set(method, entry);
    if (extension.routeToolCall !== undefined)
      this.toolCallRoutes = [...this.toolCallRoutes, extension];
  }

  method(name: string): MethodEntry | undefined {
    return this.methodTable.get(name);
  }

  /** `capabilities.extensions` (empty when none is registered). */
  capabilities(): Readonly<Record<string, JsonObject>> {
    return this.advertised;
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
