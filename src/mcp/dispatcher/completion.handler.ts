import { Injectable } from '@nestjs/common';

import type { Principal } from '../../protocol/context/principal.js';
import { CapabilityRegistry } from '../../protocol/capabilities/capability-registry.js';
import type { CompletionReference } from '../../protocol/capabilities/capability.types.js';
import { isPlainObject } from '../../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { CapabilityAccess } from './capability-access.js';
import type { DispatchCall } from './dispatch-call.js';
import type { MethodEntry, MethodGroup } from './method-entry.types.js';
import { promptArguments } from './prompts.handlers.js';

/** completion §Result: at most 100 values per response. */
const MAX_VALUES = 100;
const NO_COMPLETION: JsonObject = Object.freeze({
  completion: Object.freeze({ values: Object.freeze([]), total: 0, hasMore: false }),
});

/**
 * `completion/complete` (server utilities §Completion). The reference must name a prompt or
 * resource (template) the caller can see; one without a completion handler completes to nothing.
 */
@Injectable()
export class CompletionHandler implements MethodGroup {
  constructor(
    private readonly registry: CapabilityRegistry,
    private readonly access: CapabilityAccess,
  ) {}

  methodEntries(): readonly (readonly [string, MethodEntry])[] {
    return [['completion/complete', { era: 'all', handle: (call) => this.complete(call) }]];
  }

  private async complete(call: DispatchCall): Promise<JsonObject> {
    const { ref, argument, context } = call.params;
    const reference = referenceOf(ref);
    if (
      !isPlainObject(argument) ||
      typeof argument.name !== 'string' ||
      typeof argument.value !== 'string'
    ) {
      throw McpError.invalidParams('Invalid params: "argument" must be {name, value} strings');
    }
    this.assertKnown(reference, call.ctx.principal);
    const completion = this.registry.findCompletion(reference, argument.name);
    if (completion === undefined) return NO_COMPLETION;
    const args = promptArguments(isPlainObject(context) ? context.arguments : undefined);
    const values = await completion.complete(
      argument.value,
      { arguments: args },
      call.handlerContext,
    );
    return {
      completion: {
        values: values.slice(0, MAX_VALUES),
        total: values.length,
        hasMore: values.length > MAX_VALUES,
      },
    };
  }

  /** Unknown and hidden references are the same -32602. */
  private assertKnown(reference: CompletionReference, principal: Principal): void {
    const unknown = (): McpError => McpError.invalidParams('Invalid params: unknown reference');
    if (reference.type === 'ref/prompt') {
      this.access.authorize(principal, this.registry.findPrompt(reference.name), unknown);
      return;
    }
    const template = this.registry
      .resourceTemplates()
      .find((candidate) => candidate.uriTemplate === reference.uri);
    this.access.authorize(
      principal,
      template ?? this.registry.findResource(reference.uri),
      unknown,
    );
  }
}

function referenceOf(ref: unknown): CompletionReference {
  if (isPlainObject(ref)) {
    if (ref.type === 'ref/prompt' && typeof ref.name === 'string') {
      return { type: 'ref/prompt', name: ref.name };
    }
    if (ref.type === 'ref/resource' && typeof ref.uri === 'string') {
      return { type: 'ref/resource', uri: ref.uri };
    }
  }
  throw McpError.invalidParams('Invalid params: "ref" must be a ref/prompt or ref/resource');
}
