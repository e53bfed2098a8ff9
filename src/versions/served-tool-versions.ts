import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';

import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { BusSyncedCache } from '../events/bus-synced-cache.js';
import { ChangeBus } from '../events/change-bus.js';
import { ToolPolicyCache } from '../policy/tool-policy.cache.js';
import { CapabilityRegistry } from '../protocol/capabilities/capability-registry.js';
import type { RegisteredTool } from '../protocol/capabilities/registered-capability.types.js';
import { ToolVersionServing } from '../protocol/capabilities/tool-version-serving.js';
import { DynamicCapabilityServing } from '../protocol/capabilities/dynamic-capabilities.js';
import type { RecordedToolVersion, RecordedToolVersions } from './recorded-tool-version.js';
import { chooseServedVersion, type WithheldReason } from './served-version.selector.js';
import { ToolVersionStatusRepository } from './tool-version-status.repository.js';
import { ToolVersionRecorder } from './tool-version.recorder.js';

/** ChangeBus channel of one tool's recorded versions; payload `{ recorded }`, or `{}` to re-read. */
export const TOOL_VERSIONS_CHANGED_CHANNEL = 'versions.tool_versions_changed';

/** What the admin API shows of the versions of one tool. */
export interface ToolVersionsView {
  readonly recorded: readonly RecordedToolVersion[];
  /** What the code declares, lowest label first. */
  readonly declared: readonly RegisteredTool[];
  /** Served to the clients without a pin of their own. */
  readonly served: RegisteredTool | undefined;
  /** Clients whose pin serves them another version than `served` (pins in effect only). */
  readonly servedByClient: ReadonlyMap<string, RegisteredTool>;
  readonly withheld: WithheldReason | undefined;
}

const NO_CLIENT_VERSIONS: ReadonlyMap<string, RegisteredTool> = new Map();

/**
 * Which declared version of each tool is served, for every client and for each client a policy
 * pins: it holds the approval state of the recorded definitions (`tool_versions`) in memory on
 * every instance, kept current through the ChangeBus ({@link BusSyncedCache}), follows the
 * tool policies ({@link ToolPolicyCache}), and on every change of either chooses again
 * ({@link chooseServedVersion}) and hands the choice to the capability registry
 * ({@link ToolVersionServing}), so `tools/list` and `tools/call` read no version from the
 * database.
 */
@Injectable()
export class ServedToolVersions implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ServedToolVersions.name);
  private readonly approvalRequiredByDefault: boolean;
  private recorded = new Map<string, RecordedToolVersions>();
  private readonly withheld = new Map<string, WithheldReason>();
  private readonly servedByClient = new Map<string, ReadonlyMap<string, RegisteredTool>>();
  private readonly sync: BusSyncedCache<Map<string, RecordedToolVersions>, RecordedToolVersions>;
  private stopFollowingPolicies: (() => void) | undefined;
  private stopFollowingDeclarations: (() => void) | undefined;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    statuses: ToolVersionStatusRepository,
    private readonly registry: CapabilityRegistry,
    private readonly serving: ToolVersionServing,
    private readonly policies: ToolPolicyCache,
    private readonly recorder: ToolVersionRecorder,
    bus: ChangeBus,
    private readonly dynamic: DynamicCapabilityServing,
  ) {
    this.approvalRequiredByDefault = config.mcp.toolApproval === 'required';
    this.sync = new BusSyncedCache(
      bus,
      {
        channel: TOOL_VERSIONS_CHANGED_CHANNEL,
        readAll: () => statuses.loadAll(),
        replaceAll: (recorded) => {
          this.recorded = recorded;
          this.recompute();
        },
        changeOf: recordedOf,
        payloadOf: (recorded) => ({ recorded }),
        apply: (recorded) => {
          // As for policies (ToolPolicyCache): an older revision never replaces a newer one.
          if ((this.recorded.get(recorded.name)?.revision ?? 0) > recorded.revision) return;
          this.recorded.set(recorded.name, recorded);
          this.recompute();
        },
      },
      this.logger,
    );
  }

  /**
   * Loads the approval state once the declared definitions are recorded (with their initial
   * state); the tool policies are loaded by then (ToolPolicyCache, `onModuleInit`).
   */
  async onApplicationBootstrap(): Promise<void> {
    this.stopFollowingPolicies = this.policies.onChange(() => this.recompute());
    // Federated tools come and go while we run: their declarations are chosen among like ours.
    this.stopFollowingDeclarations = this.dynamic.onDeclarationsChanged(() => this.recompute());
    this.sync.listen();
    await this.recorder.record();
    await this.sync.load();
    this.logger.log(
      `serving ${this.registry.tools().length} tools ` +
        `(${this.registry.allToolVersions().length} declared versions, ${this.withheld.size} withheld)`,
    );
  }

  onModuleDestroy(): void {
    this.stopFollowingPolicies?.();
    this.stopFollowingDeclarations?.();
    this.sync.stop();
  }

  /** Re-reads every tool's recorded versions here and on every instance (new definitions recorded). */
  reloadEverywhere(): Promise<void> {
    return this.sync.announceReload();
  }

  /** Applies a tool's recorded versions here, then announces them to every instance. */
  publish(recorded: RecordedToolVersions): Promise<void> {
    return this.sync.publish(recorded);
  }

  /** Whether the code declares tool `name` or the database records a version of it. */
  knows(name: string): boolean {
    return this.recorded.has(name) || this.serving.declaredVersions(name).length > 0;
  }

  /** Every tool declared in code or recorded in the database. */
  names(): Set<string> {
    const names = new Set(this.recorded.keys());
    for (const tool of this.registry.allToolVersions()) names.add(tool.definition.name);
    return names;
  }

  versionsOf(name: string): ToolVersionsView {
    return {
      recorded: this.recorded.get(name)?.versions ?? [],
      declared: this.serving.declaredVersions(name),
      served: this.registry.findTool(name),
      servedByClient: this.servedByClient.get(name) ?? NO_CLIENT_VERSIONS,
      withheld: this.withheld.get(name),
    };
  }

  /** Chooses the served versions again; admin-rate work, never on the call path. */
  private recompute(): void {
    this.withheld.clear();
    this.servedByClient.clear();
    this.serving.serveToolVersions((name, versions) => {
      const state = {
        policy: this.policies.policyOf(name),
        versions: this.recorded.get(name)?.versions ?? [],
      };
      const choice = chooseServedVersion(versions, state, this.approvalRequiredByDefault);
      if (choice.withheld !== undefined) this.withheld.set(name, choice.withheld);
      if (choice.byClient.size > 0) this.servedByClient.set(name, choice.byClient);
      return choice;
    });
  }
}

/** The recorded versions a bus payload carries, if any. */
function recordedOf(payload: Readonly<Record<string, unknown>>): RecordedToolVersions | undefined {
  const { recorded } = payload as { recorded?: Partial<RecordedToolVersions> };
  if (
    typeof recorded?.name !== 'string' ||
    typeof recorded.revision !== 'number' ||
    !Array.isArray(recorded.versions)
  ) {
    return undefined;
  }
  return recorded as RecordedToolVersions;
}
