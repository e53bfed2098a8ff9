import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { type FSWatcher, watch } from 'node:fs';

import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.constants.js';
import { ChangeBus } from '../events/change-bus.js';
import { SubscriptionHub } from '../mcp/subscriptions/subscription-hub.js';
import { McpMetrics } from '../metrics/mcp-metrics.service.js';
import type { LoadedSkill } from './loaded-skill.js';
import { chooseServedSkills } from './served-skill.selector.js';
import { SkillCatalog } from './skill-catalog.js';
import type { SkillLoadProblem } from './skill-folder.loader.js';
import { SkillSources } from './skill-sources.js';
import { type SkillVersionRecord, SkillVersionStore } from './skill-version.store.js';

/** ChangeBus channel: a skill folder changed or a version was decided; every instance re-reads. */
export const SKILLS_CHANGED_CHANNEL = 'skills.changed';

/** What the admin API shows: the sources' skills, their recorded versions and load problems. */
export interface SkillServingState {
  readonly catalog: SkillCatalog;
  readonly loaded: readonly LoadedSkill[];
  readonly versions: readonly SkillVersionRecord[];
  readonly problems: readonly SkillLoadProblem[];
}

/**
 * Holds this instance's served skills (docs/skills.md). At start, on a change of the watched
 * folder (debounced) and on `skills.changed` from any instance, it re-reads the sources,
 * records versions not seen before, chooses the served version of each skill (approval) and,
 * when the served set changed, announces `notifications/resources/list_changed` to this
 * instance's clients. The instance that saw the folder change tells the others over the bus,
 * so every instance re-reads and announces for its own clients.
 */
@Injectable()
export class SkillServing implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SkillServing.name);
  private readonly approvalRequired: boolean;
  private state: SkillServingState = {
    catalog: new SkillCatalog([]),
    loaded: [],
    versions: [],
    problems: [],
  };
  private readonly recorded = new Set<string>();
  private readonly fromDatabase = new Map<string, LoadedSkill>();
  private reading: Promise<boolean> | undefined;
  private readAgain = false;
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sources: SkillSources,
    private readonly store: SkillVersionStore,
    private readonly bus: ChangeBus,
    private readonly hub: SubscriptionHub,
    // Optional like every metrics user: a module graph without MetricsModule still serves skills.
    @Optional() private readonly metrics?: McpMetrics,
  ) {
    this.approvalRequired = config.mcp.toolApproval === 'required';
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = this.bus.subscribe((event) => {
      if (event.channel === SKILLS_CHANGED_CHANNEL) void this.refresh();
    });
    await this.refresh();
    this.watchFolder();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.watcher?.close();
    clearTimeout(this.debounce);
  }

  get catalog(): SkillCatalog {
    return this.state.catalog;
  }

  get current(): SkillServingState {
    return this.state;
  }

  /** After a decision: every instance (this one included) re-reads and announces. */
  announceChange(): Promise<void> {
    return this.bus.publish(SKILLS_CHANGED_CHANNEL);
  }

  /**
   * Re-reads, one pass at a time (a request during a pass runs one more after it); announces
   * `list_changed` here when the served set changed. Resolves with whether it changed.
   */
  async refresh(): Promise<boolean> {
    if (this.reading !== undefined) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = this.readUntilSettled();
    try {
      return await this.reading;
    } finally {
      this.reading = undefined;
    }
  }

  private async readUntilSettled(): Promise<boolean> {
    let changed = false;
    do {
      this.readAgain = false;
      try {
        changed = (await this.read()) || changed;
      } catch (error) {
        this.logger.error(`skills were not re-read: ${(error as Error).message}`);
      }
    } while (this.readAgain);
    if (changed) this.hub.announce({ method: 'notifications/resources/list_changed' });
    return changed;
  }

  private async read(): Promise<boolean> {
    const { skills, problems } = await this.sources.load();
    // Each refusal is logged once, when it appears, not again at every re-read.
    const known = new Set(this.state.problems.map(problemKey));
    for (const problem of problems.filter((p) => !known.has(problemKey(p)))) {
      this.logger.error(`skill refused at load: ${problem.file}: ${problem.message}`);
    }
    for (const skill of skills) await this.record(skill);
    const versions = await this.store.versions();
    const served: LoadedSkill[] = [];
    for (const choice of chooseServedSkills(skills, versions, this.approvalRequired)) {
      if (choice.kind === 'loaded') served.push(choice.skill);
      else if (choice.kind === 'recorded') {
        const approved = await this.recordedVersion(choice.skill, choice.digest);
        if (approved !== undefined) served.push(approved);
      }
    }
    const catalog = new SkillCatalog(served);
    this.metrics?.skillsCounted({
      served: served.length,
      withheld: skills.length - served.length,
      refused: problems.length,
    });
    const changed = catalog.identity() !== this.state.catalog.identity();
    this.state = { catalog, loaded: skills, versions, problems };
    if (changed) this.logger.log(`serving ${catalog.skills.length} skills`);
    return changed;
  }

  private async record(skill: LoadedSkill): Promise<void> {
    const key = `${skill.path}@${skill.digest}`;
    if (this.recorded.has(key)) return;
    const isNew = await this.store.record(skill, this.approvalRequired ? 'pending' : 'approved');
    if (isNew) this.logger.log(`recorded skill ${key} (${skill.location})`);
    this.recorded.add(key);
  }

  /** An approved earlier version, from the database, with the access its source declares now. */
  private async recordedVersion(
    current: LoadedSkill,
    digest: string,
  ): Promise<LoadedSkill | undefined> {
    const key = `${current.path}@${digest}`;
    let stored = this.fromDatabase.get(key);
    if (stored === undefined) {
      stored = await this.store.load(current.path, digest);
      if (stored === undefined) {
        this.logger.error(`approved skill ${key} has files missing from skill_files`);
        return undefined;
      }
      this.fromDatabase.set(key, stored);
    }
    return { ...stored, access: current.access, origin: current.origin };
  }

  /** Watches `MCP_SKILLS_DIR` (recursively); a burst of changes is read once it is quiet. */
  private watchFolder(): void {
    const folder = this.sources.folder;
    if (folder === undefined) return;
    this.watcher = watch(folder, { recursive: true }, () => {
      clearTimeout(this.debounce);
      this.debounce = setTimeout(
        () => void this.folderChanged(),
        this.config.mcp.skillsWatchDebounceMs,
      );
    });
    this.watcher.on('error', (error) =>
      this.logger.error(`watching ${folder} failed: ${error.message}`),
    );
  }

  private async folderChanged(): Promise<void> {
    if (await this.refresh()) await this.bus.publish(SKILLS_CHANGED_CHANNEL);
  }
}

function problemKey({ file, message }: SkillLoadProblem): string {
  return `${file}\n${message}`;
}
