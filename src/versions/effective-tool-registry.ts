import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { ChangeBus } from '../events/change-bus.js';
import { CapabilityRegistry } from '../protocol/capabilities/capability-registry.js';
import type { RegisteredTool } from '../protocol/capabilities/registered-capability.types.js';
import { ToolVersionServing } from '../protocol/capabilities/tool-version-serving.js';
import { accessRuleOf } from '../policy/access-policy.js';
import type { AccessRule } from '../policy/access-rule.source.js';
import { defaultToolPolicy } from '../policy/tool-policy.js';
import { ToolPolicyRepository } from '../policy/tool-policy.repository.js';
import { pgPoolOf } from '../persistence/pg-pool.js';
import { BusSyncedCache } from '../events/bus-synced-cache.js';
import type { ToolState } from './recorded-tool-version.js';
import { chooseServedVersion, type WithheldReason } from './served-version.selector.js';
import { ToolVersionStatusRepository } from './tool-version-status.repository.js';
import { ToolVersionRecorder } from './tool-version.recorder.js';

/** ChangeBus channel of a tool's new state; payload `{ state }`, or `{}` to re-read them all. */
export const TOOL_CHANGED_CHANNEL = 'registry.tool_changed';

/** What the admin API shows of one tool. */
export interface EffectiveToolView {
  readonly name: string;
  readonly state: ToolState;
  readonly declared: readonly RegisteredTool[];
  readonly served: RegisteredTool | undefined;
  /** Clients whose pin serves them another version than `served` (pins in effect only). */
  readonly servedByClient: ReadonlyMap<string, RegisteredTool>;
  readonly withheld: WithheldReason | undefined;
}

/**
 * The effective tool registry: code declarations + `tool_policies` + approval state, held in
 * memory on every instance and kept current through the ChangeBus ({@link BusSyncedCache}). It
 * holds the tools' access rules (disabled, roles, clients, tenants; EffectiveAccessRules) and
 * picks the served version of each tool in the capability registry, for every client and for
 * each client a policy pins, so `tools/list` and `tools/call` read no policy from the database.
 */
@Injectable()
export class EffectiveToolRegistry implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EffectiveToolRegistry.name);
  private readonly policies = new ToolPolicyRepository();
  private readonly statuses = new ToolVersionStatusRepository();
  private readonly approvalRequiredByDefault: boolean;
  private states = new Map<string, ToolState>();
  private rules = new Map<string, AccessRule>();
  private timeouts = new Map<string, number>();
  private rateLimits = new Map<string, number>();
  private readonly withheld = new Map<string, WithheldReason>();
  private readonly servedByClient = new Map<string, ReadonlyMap<string, RegisteredTool>>();
  private readonly sync: BusSyncedCache<Map<string, ToolState>, ToolState>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly registry: CapabilityRegistry,
    private readonly serving: ToolVersionServing,
    private readonly recorder: ToolVersionRecorder,
    bus: ChangeBus,
  ) {
    this.approvalRequiredByDefault = config.mcp.toolApproval === 'required';
    this.sync = new BusSyncedCache(
      bus,
      {
        channel: TOOL_CHANGED_CHANNEL,
        readAll: () => this.readStates(),
        replaceAll: (states) => {
          this.states = states;
          this.recompute();
        },
        changeOf: stateOf,
        payloadOf: (state) => ({ state }),
        apply: (state) => {
          // Concurrent changes are announced in the order their requests finish, not the order
          // they committed in: an older revision never replaces a newer one.
          const held = this.states.get(state.policy.name);
          if (held !== undefined && held.policy.revision > state.policy.revision) return;
          this.states.set(state.policy.name, state);
          this.recompute();
        },
      },
      this.logger,
    );
  }

  /**
   * Loads the policy once the declared definitions are recorded (with their initial approval
   * state).
   */
  async onApplicationBootstrap(): Promise<void> {
    this.sync.listen();
    await this.recorder.record();
    await this.sync.load();
    this.logger.log(
      `serving ${this.registry.tools().length} tools ` +
        `(${this.registry.allToolVersions().length} declared versions, ${this.withheld.size} withheld)`,
    );
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

  /** Applies a tool's new state here, then announces it to every instance. */
  publish(state: ToolState): Promise<void> {
    return this.sync.publish(state);
  }

  view(name: string): EffectiveToolView | undefined {
    const declared = this.serving.declaredVersions(name);
    const state = this.states.get(name);
    if (declared.length === 0 && state === undefined) return undefined;
    return {
      name,
      state: state ?? { policy: defaultToolPolicy(name), versions: [] },
      declared,
      served: this.registry.findTool(name),
      servedByClient: this.servedByClient.get(name) ?? new Map(),
      withheld: this.withheld.get(name),
    };
  }

  /** Every tool declared in code or known to the database, sorted by name. */
  names(): string[] {
    const names = new Set(this.states.keys());
    for (const tool of this.registry.allToolVersions()) names.add(tool.definition.name);
    return [...names].sort();
  }

  private async readStates(): Promise<Map<string, ToolState>> {
    const pool = pgPoolOf(this.dataSource);
    const [policies, versions] = await Promise.all([
      this.policies.loadAll(pool),
      this.statuses.loadAll(pool),
    ]);
    const states = new Map<string, ToolState>();
    for (const name of new Set([...policies.keys(), ...versions.keys()])) {
      states.set(name, {
        policy: policies.get(name) ?? defaultToolPolicy(name),
        versions: versions.get(name) ?? [],
      });
    }
    return states;
  }

  /** Rebuilds the rules and the served versions; admin-rate work, never on the call path. */
  private recompute(): void {
    const rules = new Map<string, AccessRule>();
    const timeouts = new Map<string, number>();
    const rateLimits = new Map<string, number>();
    for (const [name, { policy }] of this.states) {
      const rule = accessRuleOf(policy);
      if (rule !== undefined) rules.set(name, rule);
      if (policy.timeoutMs !== null) timeouts.set(name, policy.timeoutMs);
      if (policy.rateLimitPerMinute !== null) rateLimits.set(name, policy.rateLimitPerMinute);
    }
    this.rules = rules;
    this.timeouts = timeouts;
    this.rateLimits = rateLimits;
    this.withheld.clear();
    this.servedByClient.clear();
    this.serving.serveToolVersions((name, versions) => {
      const state = this.states.get(name) ?? { policy: defaultToolPolicy(name), versions: [] };
      const choice = chooseServedVersion(versions, state, this.approvalRequiredByDefault);
      if (choice.withheld !== undefined) this.withheld.set(name, choice.withheld);
      if (choice.byClient.size > 0) this.servedByClient.set(name, choice.byClient);
      return choice;
    });
  }
}

/** The tool state a bus payload carries, if any. */
function stateOf(payload: Readonly<Record<string, unknown>>): ToolState | undefined {
  const { state } = payload as { state?: ToolState };
  if (state === undefined || typeof state.policy?.name !== 'string') return undefined;
  // A policy field an instance of an older release does not send takes its default.
  return { ...state, policy: { ...defaultToolPolicy(state.policy.name), ...state.policy } };
}
