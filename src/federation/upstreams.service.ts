import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';

import { ChangeBus } from '../events/change-bus.js';
import type { Principal } from '../protocol/context/principal.js';
import type { RecordedToolVersion } from '../versions/recorded-tool-version.js';
import { FederatedCatalogue } from './catalogue/federated-catalogue.service.js';
import { isFederatedVersionLabel } from './catalogue/federated-tool.factory.js';
import { FederationSettings } from './federation.settings.js';
import { columnsOf, specOf, type UpstreamColumns } from './store/upstream-row.js';
import type { UpstreamServerEntity } from './store/upstream-server.entity.js';
import { UpstreamStore } from './store/upstream.store.js';
import type { UpstreamSpec } from './spec/upstream-spec.js';

/** ChangeBus channel: `upstream_servers` changed; every instance re-reads it. */
export const UPSTREAMS_CHANGED_CHANNEL = 'federation.upstreams_changed';
/** Re-read now and then: a NOTIFY lost while an instance's LISTEN was down is repaired. */
const RESYNC_INTERVAL_MS = 30_000;

/**
 * The stored upstreams (`upstream_servers`), in memory on every instance and kept equal through
 * the ChangeBus; every change reaches the {@link FederatedCatalogue}, which opens, re-opens or
 * closes the connections. Changes come from the admin API and from `MCP_UPSTREAMS_FILE`.
 */
@Injectable()
export class Upstreams implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Upstreams.name);
  private rows: ReadonlyMap<string, UpstreamServerEntity> = new Map();
  private unsubscribe: (() => void) | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private loading: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: UpstreamStore,
    private readonly catalogue: FederatedCatalogue,
    private readonly bus: ChangeBus,
    private readonly settings: FederationSettings,
  ) {}

  /** Loads the upstreams and connects; the first catalogues arrive in the background. */
  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = this.bus.subscribe((event) => {
      if (event.channel === UPSTREAMS_CHANGED_CHANNEL) void this.reload();
    });
    this.catalogue.start();
    await this.loaded();
    void this.catalogue.apply([...this.rows.values()]);
    this.resyncTimer = setInterval(() => void this.reload(), RESYNC_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.unsubscribe?.();
    clearInterval(this.resyncTimer);
  }

  /** Resolves once the stored upstreams are in memory (the first read, at boot). */
  loaded(): Promise<void> {
    this.loading ??= this.readRows();
    return this.loading;
  }

  list(): UpstreamServerEntity[] {
    return [...this.rows.values()];
  }

  find(name: string): UpstreamServerEntity | undefined {
    return this.rows.get(name);
  }

  /**
   * Whether tool `name`, which no code and no connected upstream declares, was served for an
   * upstream deleted since: every recorded definition has a federated label and no upstream has
   * the name's prefix (docs/federation.md "Admin API"). Its recorded versions stay, the history of
   * what was served; the admin lists leave it out. Re-adding the upstream brings it back.
   */
  isOfDeletedUpstream(name: string, recorded: readonly RecordedToolVersion[]): boolean {
    const end = name.indexOf(this.settings.separator);
    return (
      end > 0 &&
      !this.rows.has(name.slice(0, end)) &&
      recorded.length > 0 &&
      recorded.every((version) => isFederatedVersionLabel(version.version))
    );
  }

  /** The stored spec of `row`, secrets opened (to apply a partial change). */
  specOf(row: UpstreamServerEntity): UpstreamSpec {
    return specOf(row, this.catalogue.secrets);
  }

  /** The columns of `spec`. @throws SecretKeyMissingError when it has secrets and no key is set */
  columnsOf(spec: UpstreamSpec): UpstreamColumns {
    return columnsOf(spec, this.catalogue.secrets);
  }

  /** `undefined`: the name is taken. Resolves once the upstream's first catalogue is read. */
  async create(
    spec: UpstreamSpec,
    by: Principal,
    managedBy: UpstreamServerEntity['managedBy'],
  ): Promise<UpstreamServerEntity | undefined> {
    const row = await this.store.create(spec.name, this.columnsOf(spec), managedBy, {
      by,
      action: 'upstream.create',
    });
    if (row !== undefined) await this.announce();
    return row;
  }

  /** `next` may throw to refuse (nothing changes then); `undefined`: no such upstream. */
  async update(
    name: string,
    by: Principal,
    next: (current: UpstreamServerEntity) => UpstreamColumns,
  ): Promise<UpstreamServerEntity | undefined> {
    const row = await this.store.update(name, { by, action: 'upstream.update' }, next);
    if (row !== undefined) await this.announce();
    return row;
  }

  async delete(
    name: string,
    by: Principal,
    check: (current: UpstreamServerEntity) => void,
  ): Promise<boolean> {
    const deleted = await this.store.delete(name, { by, action: 'upstream.delete' }, check);
    if (deleted) await this.announce();
    return deleted;
  }

  /** Applies the change here (waiting for the catalogue), then tells every other instance. */
  private async announce(): Promise<void> {
    await this.reload();
    await this.bus.publish(UPSTREAMS_CHANGED_CHANNEL, {});
  }

  /** One re-read at a time, in order: the last one always sees the latest rows. */
  private reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      if (this.stopped) return;
      try {
        await this.readRows();
        await this.catalogue.apply([...this.rows.values()]);
      } catch (error) {
        this.logger.error(`upstreams reload failed: ${String(error)}`);
      }
    });
    return this.reloading;
  }

  private async readRows(): Promise<void> {
    this.rows = new Map((await this.store.loadAll()).map((row) => [row.name, row]));
  }
}
