import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { rateLimitedError } from '../../security/rate-limit/rate-limited.error.js';
import { RateLimiter } from '../../security/rate-limit/rate-limiter.service.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
import { isPlainObject } from '../../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { CapabilityAccess } from './capability-access.js';
import type { DispatchCall } from './dispatch-call.js';
import { McpExtensions } from './mcp-extensions.js';
import type { MethodEntry, MethodGroup } from './method-entry.types.js';
import { unknownToolError } from './not-found.errors.js';
import { listResult, paginate } from './pagination.js';
import { ToolCallRunner } from './tool-call.runner.js';

const NO_ARGUMENTS: JsonObject = Object.freeze({});
const toolName = (tool: RegisteredTool): string => tool.definition.name;

/** `tools/list` and `tools/call` (server features §Tools). */
@Injectable()
export class ToolsHandlers implements MethodGroup {
  private readonly pageSize: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly registry: CapabilityRegistry,
    private readonly access: CapabilityAccess,
    private readonly runner: ToolCallRunner,
    private readonly rateLimiter: RateLimiter,
    private readonly extensions: McpExtensions,
  ) {
    this.pageSize = config.limits.pageSize;
  }

  methodEntries(): readonly (readonly [string, MethodEntry])[] {
    return [
      ['tools/list', { era: 'all', handle: (call) => this.list(call) }],
      ['tools/call', { era: 'all', handle: (call) => this.call(call) }],
    ];
  }

  private list(call: DispatchCall): Promise<JsonObject> {
    const { principal } = call.ctx;
    const page = paginate(
      this.registry.toolsFor(principal),
      call.params,
      this.pageSize,
      toolName,
      (tool) => this.access.isVisible(principal, tool),
    );
    return Promise.resolve(listResult('tools', page));
  }

  private call(call: DispatchCall): Promise<JsonObject> {
    const { name, arguments: args = NO_ARGUMENTS } = call.params;
    if (typeof name !== 'string')
      throw McpError.invalidParams('Invalid params: "name" must be a string');
    // Unknown and hidden get the very same error; the list never showed either (one decision).
    const tool = this.access.authorize(
      call.ctx.principal,
      this.registry.findToolFor(name, call.ctx.principal),
      () => unknownToolError(name),
    );
    if (!isPlainObject(args)) {
      throw McpError.invalidParams('Invalid params: "arguments" must be an object');
    }
    // The per-tool bucket is charged only for a tool the principal may use: probing names
    // creates no buckets and a refused call never reaches the audit log or the handler.
    const decision = this.rateLimiter.checkTool(call.ctx.principal, name);
    if (decision instanceof Promise) {
      return decision.then((settled) => {
        if (!settled.allowed) throw rateLimitedError(settled);
        return this.run(tool, args, call);
      });
    }
    if (!decision.allowed) throw rateLimitedError(decision);
    return this.run(tool, args, call);
  }

  /** A task-capable tool may be served by an extension (tasks, SEP-2663) instead. */
  private run(tool: RegisteredTool, args: JsonObject, call: DispatchCall): Promise<JsonObject> {
    if (tool.definition.taskSupport === undefined) return this.runner.run(tool, args, call);
    return this.extensions.routeToolCall(tool, args, call) ?? this.runner.run(tool, args, call);
  }
}
