import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';

import { ChangeBus } from '../events/change-bus.js';
import { accessRuleOf } from './access-policy.js';
import type { AccessRule } from './access-rule.source.js';
import {
  type CapabilityKey,
  type CapabilityPolicy,
  defaultCapabilityPolicy,
  type PolicyCapabilityKind,
} from './capability-policy.js';
import { CapabilityPolicyRepository } from './capability-policy.repository.js';
import { BusSyncedCache } from '../events/bus-synced-cache.js';

/** ChangeBus channel of a prompt/resource policy; payload `{ policy }`, or `{}` to re-read. */
export const CAPABILITY_POLICY_CHANGED_CHANNEL = 'registry.capability_policy_changed';

type PoliciesByName = Map<string, CapabilityPolicy>;
type Policies = Map<PolicyCapabilityKind, PoliciesByName>;

/**
 * The `capability_policies` of prompts, resources and resource templates, held in memory on
 * every instance and kept current through the ChangeBus ({@link BusSyncedCache}), so
 * `prompts/list|get` and `resources/list|read` read no policy from the database. Holds the
 * access rules of those kinds (EffectiveAccessRules).
 */
@Injectable()
export class CapabilityPolicyCache implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CapabilityPolicyCache.name);
  private policies: Policies = new Map();
  private rules = new Map<PolicyCapabilityKind, Map<string, AccessRule>>();
  private readonly sync: BusSyncedCache<Policies, CapabilityPolicy>;

  constructor(
    private readonly repository: CapabilityPolicyRepository,
    bus: ChangeBus,
  ) {
    this.sync = new BusSyncedCache(
      bus,
      {
        channel: CAPABILITY_POLICY_CHANGED_CHANNEL,
        readAll: () => this.readAll(),
        replaceAll: (policies) => {
          this.policies = policies;
          this.recompute();
        },
        changeOf: policyOf,
        payloadOf: (policy) => ({ policy }),
        apply: (policy) => {
          const byName = byNameOf(this.policies, policy.kind);
          // As for tools (ToolPolicyCache): an older revision never replaces a newer one.
          if ((byName.get(policy.name)?.revision ?? 0) > policy.revision) return;
          byName.set(policy.name, policy);
          this.recompute();
        },
      },
      this.logger,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.sync.listen();
    await this.sync.load();
  }

  onModuleDestroy(): void {
    this.sync.stop();
  }

  /** The operator's access rule of one capability, if its policy restricts anything. */
  ruleFor(kind: PolicyCapabilityKind, name: string): AccessRule | undefined {
    return this.rules.get(kind)?.get(name);
  }

  /** The stored policy of one capability, or the default one (revision 0). */
  policyOf(key: CapabilityKey): CapabilityPolicy {
    return this.policies.get(key.kind)?.get(key.name) ?? defaultCapabilityPolicy(key);
  }

  /** Applies a policy here, then announces it to every instance. */
  publish(policy: CapabilityPolicy): Promise<void> {
    return this.sync.publish(policy);
  }

  private async readAll(): Promise<Policies> {
    const policies: Policies = new Map();
    for (const policy of await this.repository.loadAll()) {
      byNameOf(policies, policy.kind).set(policy.name, policy);
    }
    return policies;
  }

  /** Rebuilds the rules; admin-rate work, swapped in whole so a reader sees old or new. */
  private recompute(): void {
    const rules = new Map<PolicyCapabilityKind, Map<string, AccessRule>>();
    for (const [kind, byName] of this.policies) {
      for (const [name, policy] of byName) {
        const rule = accessRuleOf(policy);
        if (rule !== undefined) byNameOf(rules, kind).set(name, rule);
      }
    }
    this.rules = rules;
  }
}

function byNameOf<T>(
  map: Map<PolicyCapabilityKind, Map<string, T>>,
  kind: PolicyCapabilityKind,
): Map<string, T> {
  let byName = map.get(kind);
  if (byName === undefined) {
    byName = new Map<string, T>();
    map.set(kind, byName);
  }
  return byName;
}

/** The policy a bus payload carries, if any. */
function policyOf(payload: Readonly<Record<string, unknown>>): CapabilityPolicy | undefined {
  const { policy } = payload as { policy?: CapabilityPolicy };
  if (typeof policy?.kind !== 'string' || typeof policy.name !== 'string') return undefined;
  // A field an instance of an older release does not send takes its default.
  return { ...defaultCapabilityPolicy(policy), ...policy };
}
