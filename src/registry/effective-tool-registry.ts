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
import { ChangeBus, type ChangeEvent } from '../events/change-bus.js';
import { McpCapabilityRegistryService } from '../mcp/discovery/mcp-capability-registry.service.js';
import type { RegisteredTool } from '../mcp/discovery/registered-capability.types.js';
import type { CapabilityKind } from '../policy/access-decision.types.js';
import { type AccessRule, AccessRuleSource } from '../policy/access-rule.source.js';
import { accessRuleOf, defaultToolPolicy } from '../policy/tool-policy.js';
import { ToolPolicyRepository } from '../policy/tool-policy.repository.js';
import { pgPoolOf } from '../persistence/pg-pool.js';
import type { ToolState } from './recorded-tool-version.js';
import { chooseServedVersion, type WithheldReason } from './served-version.selector.js';
import { ToolVersionStatusRepository } from './tool-version-status.repository.js';
import { ToolVersionRecorder } from './tool-version.recorder.js';

/** ChangeBus channel of a tool's new state; payload `{ state }`, or `{ name }` to reload it. */
export const TOOL_CHANGED_CHANNEL = 'registry.tool_changed';
/** Room left for the envelope below Postgres' 8000-byte NOTIFY limit. */
const MAX_STATE_PAYLOAD_BYTES = 7000;
/**
 * Notifications published while an instance's LISTEN connection was down are lost (Postgres
 * docs, NOTIFY): a periodic re-read bounds how long such an instance can serve a stale policy.
 */
const RESYNC_INTERVAL_MS = 30_000;

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
 * memory on every instance (ARCHITECTURE "Any instance can serve any request"). It is the
 * {@link AccessRuleSource} of the access decision (disabled, roles, clients, tenants) and picks
 * the served version of each tool in the capability registry, for every client and for each
 * client a policy pins, so `tools/list` and `tools/call` read no policy from the database. A
 * change made on any instance arrives on the ChangeBus carrying the tool's new state and is
 * applied synchronously, before the `list_changed` that the changer publishes next (NOTIFY keeps
 * commit order), so a client re-listing sees the new view.
 */
@Injectable()
export class EffectiveToolRegistry
  extends AccessRuleSource
  implements OnApplicationBootstrap, OnModuleDestroy
{
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
  private unsubscribe: (() => void) | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  /** Counts changes applied from the bus, so a re-read that raced one is not applied over it. */
  private appliedChanges = 0;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly registry: McpCapabilityRegistryService,
    private readonly recorder: ToolVersionRecorder,
    private readonly bus: ChangeBus,
  ) {
    super();
    this.approvalRequiredByDefault = config.mcp.toolApproval === 'required';
  }

  /**
   * Loads the policy once the declared definitions are recorded (with their initial approval
   * state). Subscribes first, so no change made meanwhile is lost.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = this.bus.subscribe((event) => this.receive(event));
    await this.recorder.record();
    await this.reload();
    this.resyncTimer = setInterval(() => this.resync(), RESYNC_INTERVAL_MS).unref();
    this.logger.log(
      `serving ${this.registry.tools().length} tools ` +
        `(${this.registry.allToolVersions().length} declared versions, ${this.withheld.size} withheld)`,
    );
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    clearInterval(this.resyncTimer);
  }

  ruleFor(kind: CapabilityKind, name: string): AccessRule | undefined {
    return kind === 'tool' ? this.rules.get(name) : undefined;
  }

  /** The operator's timeout of `name`, if the policy sets one (PolicyToolTimeouts). */
  timeoutMsFor(name: string): number | undefined {
    return this.timeouts.get(name);
  }

  /** The operator's calls per minute of `name`, if the policy sets one (PolicyToolRateLimits). */
  rateLimitPerMinuteFor(name: string): number | undefined {
    return this.rateLimits.get(name);
  }

  /** Reads every policy and approval state (boot, and a change too large to travel inline). */
  async reload(): Promise<void> {
    this.states = await this.readStates();
    this.recompute();
  }

  /** Applies a tool's new state here, then announces it to every instance. */
  async publish(state: ToolState): Promise<void> {
    this.apply(state);
    const inline = Buffer.byteLength(JSON.stringify(state)) <= MAX_STATE_PAYLOAD_BYTES;
    await this.bus.publish(TOOL_CHANGED_CHANNEL, inline ? { state } : { name: state.policy.name });
  }

  view(name: string): EffectiveToolView | undefined {
    const declared = this.registry.declaredVersions(name);
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

  private resync(): void {
    const changesBefore = this.appliedChanges;
    this.readStates().then(
      (states) => {
        if (this.appliedChanges !== changesBefore) return;
        this.states = states;
        this.recompute();
      },
      (error: unknown) => this.logger.warn(`tool policy resync failed: ${String(error)}`),
    );
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

  private apply(state: ToolState): void {
    this.appliedChanges++;
    this.states.set(state.policy.name, state);
    this.recompute();
  }

  private receive(event: ChangeEvent): void {
    if (event.channel !== TOOL_CHANGED_CHANNEL) return;
    const { state } = event.payload as { state?: ToolState };
    if (state !== undefined && typeof state.policy?.name === 'string') {
      // A policy field an instance of an older release does not send takes its default.
      this.apply({
        ...state,
        policy: { ...defaultToolPolicy(state.policy.name), ...state.policy },
      });
      return;
    }
    this.reload().catch((error: unknown) =>
      this.logger.error(`tool policy reload failed: ${String(error)}`),
    );
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
    this.registry.serveToolVersions((name, versions) => {
      const state = this.states.get(name) ?? { policy: defaultToolPolicy(name), versions: [] };
      const choice = chooseServedVersion(versions, state, this.approvalRequiredByDefault);
      if (choice.withheld !== undefined) this.withheld.set(name, choice.withheld);
      if (choice.byClient.size > 0) this.servedByClient.set(name, choice.byClient);
      return choice;
    });
  }
}
