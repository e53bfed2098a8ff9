import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { BusSyncedCache } from '../events/bus-synced-cache.js';
import { ChangeBus } from '../events/change-bus.js';
import { accessRuleOf } from './access-policy.js';
import type { AccessRule } from './access-rule.source.js';
import {
  defaultToolPolicy,
  type ToolAuditRows,
  type ToolCallApproval,
  type ToolPolicy,
} from './tool-policy.js';
import { ToolPolicyRepository } from './tool-policy.repository.js';

/**
 * ChangeBus channel of a tool's policy; payload `{ policy }`, or `{}` to re-read them all.
 * Instances of the previous release announce `{ state: { policy, versions } }` on it: during a
 * rolling upgrade this cache applies their policy, and they re-read everything on ours.
 */
export const TOOL_POLICY_CHANGED_CHANNEL = 'registry.tool_changed';

/**
 * The `tool_policies` rows, held in memory on every instance and kept current through the
 * ChangeBus ({@link BusSyncedCache}), so `tools/list` and `tools/call` read no policy from the
 * database: the access rules (EffectiveAccessRules), timeouts (PolicyToolTimeouts), rate
 * limits (PolicyToolRateLimits) and call approvals (PolicyCallApprovals) of tools, and the pins
 * the served tool versions follow.
 * Loaded in `onModuleInit`, so it is complete before any bootstrap hook or request reads it.
 */
@Injectable()
export class ToolPolicyCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ToolPolicyCache.name);
  private policies = new Map<string, ToolPolicy>();
  private rules = new Map<string, AccessRule>();
  private timeouts = new Map<string, number>();
  private rateLimits = new Map<string, number>();
  private callApprovals = new Map<string, ToolCallApproval>();
  private auditRows = new Map<string, ToolAuditRows>();
  private readonly listeners = new Set<() => void>();
  private readonly sync: BusSyncedCache<Map<string, ToolPolicy>, ToolPolicy>;

  constructor(repository: ToolPolicyRepository, bus: ChangeBus) {
    this.sync = new BusSyncedCache(
      bus,
      {
        channel: TOOL_POLICY_CHANGED_CHANNEL,
        readAll: () => repository.loadAll(),
        replaceAll: (policies) => {
          this.policies = policies;
          this.recompute();
        },
        changeOf: policyOf,
        payloadOf: (policy) => ({ policy }),
        apply: (policy) => {
          // Concurrent changes are announced in the order their requests finish, not the order
          // they committed in: an older revision never replaces a newer one.
          if ((this.policies.get(policy.name)?.revision ?? 0) > policy.revision) return;
          this.policies.set(policy.name, policy);
          this.recompute();
        },
      },
      this.logger,
    );
  }

  async onModuleInit(): Promise<void> {
    this.sync.listen();
    await this.sync.load();
  }

  onModuleDestroy(): void {
    this.sync.stop();
  }

  /** The operator's access rule of tool `name`, if its policy restricts anything. */
  ruleFor(name: string): AccessRule | undefined {
    return this.rules.get(name);
  }

  /** The operator's timeout of `name`, if the policy sets one (PolicyToolTimeouts). */
  timeoutMsFor(name: string): number | undefined {
    return this.timeouts.get(name);
  }

  /** The operator's calls per minute of `name`, if the policy sets one (PolicyToolRateLimits). */
  rateLimitPerMinuteFor(name: string): number | undefined {
    return this.rateLimits.get(name);
  }

  /** Who approves a call of `name`, if the policy says (docs/approvals.md "The policy field"). */
  callApprovalFor(name: string): ToolCallApproval | undefined {
    return this.callApprovals.get(name);
  }

  /** How calls of `name` are audited, if the policy says (docs/architecture.md "The audit contract"). */
  auditRowsFor(name: string): ToolAuditRows | undefined {
    return this.auditRows.get(name);
  }

  /** Whether tool `name` has a stored policy. */
  has(name: string): boolean {
    return this.policies.has(name);
  }

  /** The stored policy of tool `name`, or the default one (revision 0). */
  policyOf(name: string): ToolPolicy {
    return this.policies.get(name) ?? defaultToolPolicy(name);
  }

  /** The tools that have a stored policy. */
  names(): IterableIterator<string> {
    return this.policies.keys();
  }

  /** Applies a policy here, then announces it to every instance. */
  publish(policy: ToolPolicy): Promise<void> {
    return this.sync.publish(policy);
  }

  /**
   * Calls `listener` after every change of the policies, synchronously (before the
   * `list_changed` its changer publishes next). Returns the function that stops it.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Rebuilds the lookups; admin-rate work, swapped in whole so a reader sees old or new. */
  private recompute(): void {
    const rules = new Map<string, AccessRule>();
    const timeouts = new Map<string, number>();
    const rateLimits = new Map<string, number>();
    const callApprovals = new Map<string, ToolCallApproval>();
    const auditRows = new Map<string, ToolAuditRows>();
    for (const [name, policy] of this.policies) {
      const rule = accessRuleOf(policy);
      if (rule !== undefined) rules.set(name, rule);
      if (policy.timeoutMs !== null) timeouts.set(name, policy.timeoutMs);
      if (policy.rateLimitPerMinute !== null) rateLimits.set(name, policy.rateLimitPerMinute);
      if (policy.callApproval !== null) callApprovals.set(name, policy.callApproval);
      if (policy.auditRows !== null) auditRows.set(name, policy.auditRows);
    }
    this.rules = rules;
    this.timeouts = timeouts;
    this.rateLimits = rateLimits;
    this.callApprovals = callApprovals;
    this.auditRows = auditRows;
    for (const listener of this.listeners) listener();
  }
}

/** The policy a bus payload carries (`{ policy }`, or the previous release's `{ state }`). */
function policyOf(payload: Readonly<Record<string, unknown>>): ToolPolicy | undefined {
  const carried = payload as { policy?: ToolPolicy; state?: { policy?: ToolPolicy } };
  const policy = carried.policy ?? carried.state?.policy;
  if (typeof policy?.name !== 'string') return undefined;
  // A policy field an instance of an older release does not send takes its default.
  return { ...defaultToolPolicy(policy.name), ...policy };
}
