import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ChangeBus } from '../../events/change-bus.js';
import { UpstreamStatus } from '../../metrics/upstream-status.js';
import { CapabilityChanges } from '../../mcp/subscriptions/capability-changes.js';
import { ToolLintService } from '../../security/tool-lint/tool-lint.service.js';
import { ToolVersionEntity } from '../../versions/tool-version.entity.js';
import { ToolVersionStore } from '../../versions/tool-version.store.js';
import type { UpstreamClient, UpstreamClientFactory } from '../client/upstream-client.types.js';
import { FederationSettings } from '../federation.settings.js';
import { SecretBox } from '../secrets/secret-box.js';
import { endpointOf } from '../store/upstream-row.js';
import type { UpstreamServerEntity } from '../store/upstream-server.entity.js';
import { UPSTREAM_CLIENT_FACTORY } from '../upstream-client.token.js';
import { catalogueParts } from './catalogue-parts.js';
import { CataloguePublisher } from './catalogue-publisher.js';
import { FederatedToolFactory } from './federated-tool.factory.js';
import { servedUriOf } from './federated-uris.js';
import { lastApprovedDefinitions, recordedDefinitions } from './recorded-definitions.js';
import { SerialRuns } from './serial-runs.js';
import { handleUpstreamNotification } from './upstream-notifications.js';
import { OtherCapabilitiesBuilder } from './other-capabilities.builder.js';
import { SubscriptionsByUpstream } from './upstream-subscriptions.js';
import {
  type Entry,
  fingerprintOf,
  healthOf,
  freshEntry,
  stateOf,
  type UpstreamState,
} from './upstream-entry.js';
import {
  currentTools,
  declaredVersions,
  toolsAsRecorded,
  type ToolCatalogueParts,
} from './tool-catalogue.builder.js';

/** ChangeBus channel: an instance saw an upstream's catalogue change; the others re-sync it. */
export const CATALOGUE_CHANGED_CHANNEL = 'federation.catalogue_changed';

/**
 * The federated capabilities (docs/federation.md "Registry integration"): one long-lived client
 * per enabled upstream, its catalogue re-read on `list_changed`, on reconnection and every
 * `MCP_UPSTREAM_REFRESH_MS`, its tools built, linted and recorded in `tool_versions` like local
 * ones, and the whole set handed to the capability registry, which swaps it in atomically. A
 * change seen here is announced so every instance re-reads that upstream and every client hears
 * `list_changed`.
 */
@Injectable()
export class FederatedCatalogue extends UpstreamStatus implements OnApplicationShutdown {
  private readonly logger = new Logger(FederatedCatalogue.name);
  private readonly instanceId = randomUUID();
  private readonly entries = new Map<string, Entry>();
  private readonly syncs = new SerialRuns();
  private readonly box: SecretBox;
  /** Our sessions' forwarded subscriptions, kept across an upstream's connections. */
  private readonly subscriptions: SubscriptionsByUpstream;
  private refreshTimer: NodeJS.Timeout | undefined;
  private stopListening: (() => void) | undefined;

  constructor(
    private readonly settings: FederationSettings,
    @Inject(UPSTREAM_CLIENT_FACTORY) private readonly createClient: UpstreamClientFactory,
    private readonly tools: FederatedToolFactory,
    private readonly others: OtherCapabilitiesBuilder,
    private readonly lint: ToolLintService,
    private readonly versionStore: ToolVersionStore,
    private readonly publisher: CataloguePublisher,
    private readonly changes: CapabilityChanges,
    private readonly bus: ChangeBus,
    private readonly dataSource: DataSource,
  ) {
    super();
    this.box = new SecretBox(settings.secretKey);
    this.subscriptions = new SubscriptionsByUpstream(settings.requestTimeoutMs);
  }

  /** Starts following other instances' catalogue changes and the periodic refresh. */
  start(): void {
    this.stopListening ??= this.bus.subscribe((event) => {
      if (event.channel !== CATALOGUE_CHANGED_CHANNEL) return;
      const { upstream, origin } = event.payload;
      if (origin === this.instanceId || typeof upstream !== 'string') return;
      if (this.entries.has(upstream)) void this.sync(upstream);
    });
    this.refreshTimer ??= setInterval(() => this.refreshAll(), this.settings.refreshMs).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopListening?.();
    clearInterval(this.refreshTimer);
    await Promise.all([...this.entries.values()].map((entry) => this.close(entry)));
    this.entries.clear();
  }

  /**
   * Makes the connections follow the stored upstreams: new or changed rows get a new client (and
   * a sync), removed or disabled ones lose theirs and their tools. Resolves when the new clients'
   * first syncs are done.
   */
  async apply(rows: readonly UpstreamServerEntity[]): Promise<void> {
    const wanted = new Map(rows.map((row) => [row.name, row]));
    const changed: string[] = [];
    for (const [name, entry] of this.entries) {
      const row = wanted.get(name);
      if (row !== undefined && row.revision === entry.row.revision) continue;
      this.entries.delete(name);
      await this.close(entry);
      if (row !== undefined) continue;
      this.subscriptions.drop(name);
      changed.push(name);
    }
    const opened: string[] = [];
    for (const row of rows) {
      if (this.entries.has(row.name)) continue;
      this.entries.set(row.name, this.open(row));
      if (row.enabled) opened.push(row.name);
      else changed.push(row.name);
    }
    if (changed.length > 0) await this.publisher.publish(this.entries.values());
    await Promise.all(opened.map((name) => this.sync(name)));
  }

  /** Re-reads one upstream's catalogue; failures are kept for the admin view, never thrown. */
  sync(name: string): Promise<void> {
    return this.syncs.run(name, () => this.syncOnce(name));
  }

  states(): UpstreamState[] {
    return [...this.entries.values()].map((entry) => stateOf(entry));
  }

  state(name: string): UpstreamState | undefined {
    const entry = this.entries.get(name);
    return entry === undefined ? undefined : stateOf(entry);
  }

  upByName(): ReadonlyMap<string, number> {
    return new Map(
      [...this.entries.values()].map((entry) => [
        entry.row.name,
        healthOf(entry).state === 'up' ? 1 : 0,
      ]),
    );
  }

  /** The sealed-secrets box of this deployment's key. */
  get secrets(): SecretBox {
    return this.box;
  }

  /**
   * Re-reads, here then on the other instances, the upstream serving `served` (a namespaced
   * prompt or tool name): a decision on one of its recorded definitions may change what it serves.
   */
  async resyncOwnerOf(served: string): Promise<void> {
    const upstream = [...this.entries.keys()].find((name) =>
      served.startsWith(`${name}${this.settings.separator}`),
    );
    if (upstream === undefined) return;
    await this.sync(upstream);
    await this.bus.publish(CATALOGUE_CHANGED_CHANNEL, { upstream, origin: this.instanceId });
  }

  private refreshAll(): void {
    for (const name of this.entries.keys()) void this.sync(name);
  }

  private open(row: UpstreamServerEntity): Entry {
    const unconnected = (openError: string | undefined): Entry => {
      this.subscriptions.drop(row.name);
      return freshEntry(row, { client: undefined, subscriptions: undefined, openError });
    };
    if (!row.enabled) return unconnected(undefined);
    let client: UpstreamClient;
    try {
      client = this.createClient(endpointOf(row, this.box, this.settings.requestTimeoutMs));
    } catch (error) {
      const reason = (error as Error).message;
      this.logger.error(`upstream ${row.name} cannot be opened: ${reason}`);
      return unconnected(reason);
    }
    const subscriptions = this.subscriptions.of(row.name, client);
    const entry = freshEntry(row, { client, subscriptions, openError: undefined });
    entry.stop.push(
      client.onNotification((notification) =>
        handleUpstreamNotification(notification, {
          resync: () => void this.sync(row.name),
          resourceUpdated: (uri) => void this.changes.resourceUpdated(servedUriOf(row.name, uri)),
          logged: (data) => this.logger.log(`upstream ${row.name}: ${JSON.stringify(data)}`),
        }),
      ),
      client.onHealthChange((health) => {
        this.logger.log(`upstream ${row.name} is ${health.state}`);
        // A reconnected upstream may have changed while we could not hear it.
        if (health.state === 'up' && entry.lastSyncError !== undefined) void this.sync(row.name);
      }),
    );
    return entry;
  }

  private async close(entry: Entry): Promise<void> {
    for (const stop of entry.stop) stop();
    await entry.client?.close().catch((error: unknown) => {
      this.logger.warn(`closing upstream ${entry.row.name} failed: ${String(error)}`);
    });
  }

  private async syncOnce(name: string): Promise<void> {
    const entry = this.entries.get(name);
    if (entry?.client === undefined) return;
    try {
      const catalogue = await entry.client.catalogue({
        signal: AbortSignal.timeout(this.settings.requestTimeoutMs),
        retryable: true,
      });
      const parts = this.parts(entry.row, entry.client);
      const current = currentTools(catalogue.tools, parts);
      const definitions = [...current.tools.values()].flatMap(({ tool }) =>
        tool === undefined ? [] : [tool.definition],
      );
      await this.versionStore.recordDefinitions(definitions);
      const recorded = await recordedDefinitions(this.dataSource, ToolVersionEntity, [
        ...current.tools.keys(),
      ]);
      if (this.entries.get(name) !== entry) return; // replaced or removed meanwhile
      entry.tools = declaredVersions(current, recorded, parts);
      const others = await this.others.build(catalogue, {
        upstream: name,
        client: entry.client,
        separator: this.settings.separator,
        exchangesCallerToken: entry.row.auth['type'] === 'token-exchange',
        ...(catalogue.resourceSubscriptions ? { subscriptions: entry.subscriptions } : {}),
      });
      if (this.entries.get(name) !== entry) return;
      entry.others = others.others;
      entry.held = [...current.held, ...others.held];
      entry.pendingPrompts = others.pendingPrompts;
      entry.lastSyncAt = new Date();
      entry.lastSyncError = undefined;
      const fingerprint = fingerprintOf(entry.tools, entry.others);
      const changed = fingerprint !== entry.fingerprint;
      entry.fingerprint = fingerprint;
      if (changed) {
        await this.publisher.publish(this.entries.values());
        await this.bus.publish(CATALOGUE_CHANGED_CHANNEL, {
          upstream: name,
          origin: this.instanceId,
        });
      }
    } catch (error) {
      entry.lastSyncError = (error as Error).message;
      this.logger.warn(`upstream ${name}: catalogue not read: ${entry.lastSyncError}`);
      if (entry.lastSyncAt === undefined && entry.tools.size === 0)
        await this.serveLastKnown(entry);
    }
  }

  /**
   * An upstream not reached since we started keeps its tools listed as last approved (from
   * `tool_versions`), answering "unavailable" until it is back, instead of vanishing
   * (docs/federation.md "Health").
   */
  private async serveLastKnown(entry: Entry): Promise<void> {
    if (entry.client === undefined) return;
    const prefix = `${entry.row.name}${this.settings.separator}`;
    const parts = this.parts(entry.row, entry.client);
    const tools = toolsAsRecorded(await lastApprovedDefinitions(this.dataSource, prefix), parts, {
      prefix,
      warn: (message) => this.logger.warn(message),
    });
    if (tools.size === 0 || this.entries.get(entry.row.name) !== entry) return;
    entry.tools = tools;
    entry.fingerprint = fingerprintOf(tools, entry.others);
    await this.publisher.publish(this.entries.values());
  }

  private parts(row: UpstreamServerEntity, client: UpstreamClient): ToolCatalogueParts {
    return catalogueParts(row, client, {
      tools: this.tools,
      lint: this.lint,
      separator: this.settings.separator,
    });
  }
}
