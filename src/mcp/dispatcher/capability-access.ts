import { Injectable } from '@nestjs/common';

import { AccessDecisionService } from '../../policy/access-decision.service.js';
import type { AccessTarget } from '../../policy/access-decision.types.js';
import type { Principal } from '../context/principal.js';
import type { RegisteredCapability } from '../discovery/registered-capability.types.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-codes.js';
import { McpError } from '../json-rpc/mcp-error.js';

/**
 * Applies the one access decision to registered capabilities, for lists and for use alike
 * (ARCHITECTURE "Rules"). Access targets are built once per capability: the registry is frozen
 * after boot, so the hot path allocates nothing here.
 */
@Injectable()
export class CapabilityAccess {
  private readonly targets = new WeakMap<RegisteredCapability, AccessTarget>();

  constructor(private readonly decisions: AccessDecisionService) {}

  isVisible(principal: Principal, capability: RegisteredCapability): boolean {
    return this.decisions.isVisible(principal, this.targetOf(capability));
  }

  /**
   * Returns the capability if `principal` may use it. A missing or hidden capability throws
   * `notFound()` (the same answer for both); a visible one lacking scopes throws the step-up
   * error the HTTP transport turns into 403 `insufficient_scope` (RFC 6750 §3.1).
   */
  authorize<T extends RegisteredCapability>(
    principal: Principal,
    capability: T | undefined,
    notFound: () => McpError,
  ): T {
    if (capability === undefined) throw notFound();
    const decision = this.decisions.decide(principal, this.targetOf(capability));
    switch (decision.kind) {
      case 'allow':
        return capability;
      case 'hidden':
        throw notFound();
      case 'insufficient_scope':
        throw new McpError(
          JsonRpcErrorCode.Unauthorized,
          'Insufficient scope',
          { requiredScopes: decision.requiredScopes },
          403,
        );
    }
  }

  private targetOf(capability: RegisteredCapability): AccessTarget {
    let target = this.targets.get(capability);
    if (target === undefined) {
      target = Object.freeze({
        kind: capability.kind,
        name: nameOf(capability),
        requirements: capability.access,
      });
      this.targets.set(capability, target);
    }
    return target;
  }
}

function nameOf(capability: RegisteredCapability): string {
  switch (capability.kind) {
    case 'tool':
      return capability.definition.name;
    case 'resource':
      return capability.uri;
    case 'resource-template':
      return capability.uriTemplate;
    case 'prompt':
      return capability.name;
  }
}
