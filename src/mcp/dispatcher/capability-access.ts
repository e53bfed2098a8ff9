import { Injectable, Optional } from '@nestjs/common';

import { AccessDecisionService } from '../../policy/access-decision.service.js';
import type { AccessTarget } from '../../policy/access-decision.types.js';
import { InsufficientScopeError } from '../../policy/insufficient-scope.error.js';
import { SecurityEvents } from '../../security/security-events.service.js';
import type { Principal } from '../../protocol/context/principal.js';
import type { RegisteredCapability } from '../../protocol/capabilities/registered-capability.types.js';
import type { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { McpTracer } from '../../tracing/mcp-tracer.js';

/**
 * Applies the one access decision to registered capabilities, for lists and for use alike
 * (docs/architecture.md "The access decision"). Access targets are built once per capability: the
 * registry is frozen after boot, so the hot path allocates nothing here.
 */
@Injectable()
export class CapabilityAccess {
  private readonly targets = new WeakMap<RegisteredCapability, AccessTarget>();

  constructor(
    private readonly decisions: AccessDecisionService,
    private readonly events: SecurityEvents,
    // Provided only when OTEL_EXPORTER_OTLP_ENDPOINT is set (docs/tracing.md).
    @Optional() private readonly tracer?: McpTracer,
  ) {}

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
    const target = this.targetOf(capability);
    const decision = this.decisions.decide(principal, target);
    this.tracer?.policyDecided(`${target.kind} ${target.name}`, decision.kind);
    if (decision.kind === 'allow') return capability;
    // Denials of existing items are security events: the client cannot tell them from a nonexistent
    // item, the log and the counter can.
    this.events.record(
      'access_denied',
      principal,
      `${target.kind} ${target.name}: ${decision.kind}`,
    );
    if (decision.kind === 'hidden') throw notFound();
    throw new InsufficientScopeError(decision.requiredScopes).toMcpError();
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
