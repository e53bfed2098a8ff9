import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/config.constants.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import type { RegisteredPrompt } from '../../protocol/capabilities/registered-capability.types.js';
import { isPlainObject } from '../../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { CapabilityAccess } from './capability-access.js';
import type { DispatchCall } from './dispatch-call.js';
import type { MethodEntry, MethodGroup } from './method-entry.types.js';
import { deniedAsNotFound, unknownPromptError } from './not-found.errors.js';
import { listResult, paginate } from './pagination.js';

const promptName = (prompt: RegisteredPrompt): string => prompt.name;

/** `prompts/list` and `prompts/get` (server features §Prompts). */
@Injectable()
export class PromptsHandlers implements MethodGroup {
  private readonly pageSize: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly registry: CapabilityRegistry,
    private readonly access: CapabilityAccess,
  ) {
    this.pageSize = config.limits.pageSize;
  }

  methodEntries(): readonly (readonly [string, MethodEntry])[] {
    return [
      ['prompts/list', { era: 'all', handle: (call) => this.list(call) }],
      ['prompts/get', { era: 'all', handle: (call) => this.get(call) }],
    ];
  }

  private list(call: DispatchCall): Promise<JsonObject> {
    const { principal } = call.ctx;
    const page = paginate(this.registry.prompts(), call.params, this.pageSize, promptName, (p) =>
      this.access.isVisible(principal, p),
    );
    return Promise.resolve(listResult('prompts', page));
  }

  private get(call: DispatchCall): Promise<JsonObject> {
    const { name } = call.params;
    if (typeof name !== 'string')
      throw McpError.invalidParams('Invalid params: "name" must be a string');
    const notFound = (): McpError => unknownPromptError(name);
    const prompt = this.access.authorize(
      call.ctx.principal,
      this.registry.findPrompt(name),
      notFound,
    );
    const args = promptArguments(call.params.arguments);
    // Unknown prompt and missing required argument are both -32602 (prompts §Error handling).
    const missing = prompt.arguments.find(
      (arg) => arg.required === true && !Object.hasOwn(args, arg.name),
    );
    if (missing !== undefined) {
      throw McpError.invalidParams(`Missing required argument: ${missing.name}`);
    }
    return deniedAsNotFound(prompt.get(args, call.handlerContext), notFound);
  }
}

/** `GetPromptRequest.params.arguments` is `{ [name]: string }`. */
export function promptArguments(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string')) {
    return value as Record<string, string>;
  }
  throw McpError.invalidParams('Invalid params: "arguments" must map names to strings');
}
