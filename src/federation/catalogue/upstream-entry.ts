import type {
  RegisteredPrompt,
  RegisteredResource,
  RegisteredResourceTemplate,
  RegisteredTool,
} from '../../protocol/capabilities/registered-capability.types.js';
import type { UpstreamClient, UpstreamHealth } from '../client/upstream-client.types.js';
import type { UpstreamServerEntity } from '../store/upstream-server.entity.js';
import type { HeldTool } from './tool-catalogue.builder.js';
import type { UpstreamSubscriptions } from './upstream-subscriptions.js';

/** An upstream's resources, templates and prompts as served. */
export interface OtherCapabilities {
  readonly resources: readonly RegisteredResource[];
  readonly resourceTemplates: readonly RegisteredResourceTemplate[];
  readonly prompts: readonly RegisteredPrompt[];
}

/** A recorded prompt definition waiting for an admin's decision. */
export interface PendingPrompt {
  readonly prompt: string;
  readonly definitionSha256: string;
}

const NO_OTHERS: OtherCapabilities = { resources: [], resourceTemplates: [], prompts: [] };

/** One upstream in the federated catalogue: its connection and what it serves now. */
export interface Entry {
  readonly row: UpstreamServerEntity;
  readonly client: UpstreamClient | undefined;
  /** Our sessions' subscriptions forwarded over `client`. */
  readonly subscriptions: UpstreamSubscriptions | undefined;
  /** Why there is no client although the upstream is enabled (e.g. a secret that does not open). */
  readonly openError: string | undefined;
  readonly since: Date;
  readonly stop: (() => void)[];
  tools: ReadonlyMap<string, readonly RegisteredTool[]>;
  others: OtherCapabilities;
  held: readonly HeldTool[];
  pendingPrompts: readonly PendingPrompt[];
  fingerprint: string;
  lastSyncAt: Date | undefined;
  lastSyncError: string | undefined;
}

/** What the federation knows of one upstream right now (admin API, readiness details). */
export interface UpstreamState {
  readonly row: UpstreamServerEntity;
  readonly health: UpstreamHealth;
  /** Served name → declared versions, the one preferred last. */
  readonly tools: ReadonlyMap<string, readonly RegisteredTool[]>;
  readonly others: OtherCapabilities;
  readonly held: readonly HeldTool[];
  /** Recorded prompt definitions waiting for approval. */
  readonly pendingPrompts: readonly PendingPrompt[];
  readonly lastSyncAt: Date | undefined;
  readonly lastSyncError: string | undefined;
}

export function stateOf(entry: Entry): UpstreamState {
  return {
    row: entry.row,
    health: healthOf(entry),
    tools: entry.tools,
    others: entry.others,
    held: entry.held,
    pendingPrompts: entry.pendingPrompts,
    lastSyncAt: entry.lastSyncAt,
    lastSyncError: entry.lastSyncError,
  };
}

const NO_TOOLS: ReadonlyMap<string, readonly RegisteredTool[]> = new Map();

/** The entry of `row` before its first sync, over `connection`. */
export function freshEntry(
  row: UpstreamServerEntity,
  connection: Pick<Entry, 'client' | 'subscriptions' | 'openError'>,
): Entry {
  return {
    row,
    ...connection,
    since: new Date(),
    stop: [],
    tools: NO_TOOLS,
    others: NO_OTHERS,
    held: [],
    pendingPrompts: [],
    fingerprint: '',
    lastSyncAt: undefined,
    lastSyncError: undefined,
  };
}

export function healthOf(entry: Entry): UpstreamHealth {
  if (entry.client !== undefined) return entry.client.health();
  if (entry.openError !== undefined) {
    return { state: 'down', since: entry.since, lastError: entry.openError };
  }
  return { state: 'down', since: entry.since, lastError: 'disabled' };
}

export function fingerprintOf(
  tools: ReadonlyMap<string, readonly RegisteredTool[]>,
  others: OtherCapabilities,
): string {
  return [
    ...[...tools.values()]
      .flat()
      .map((tool) => `${tool.definition.name}@${tool.definition.definitionSha256}`),
    ...[...others.resources, ...others.resourceTemplates, ...others.prompts].map((capability) =>
      JSON.stringify(capability.listing),
    ),
  ]
    .sort()
    .join('\n');
}
