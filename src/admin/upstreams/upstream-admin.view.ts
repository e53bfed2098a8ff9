import type { UpstreamState } from '../../federation/catalogue/upstream-entry.js';
import type { UpstreamServerEntity } from '../../federation/store/upstream-server.entity.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { ToolVersionsView } from '../../versions/served-tool-versions.js';

/** One tool of an upstream as the admin API shows it. */
export interface UpstreamToolView {
  /** As served to our clients: `<upstream><separator><name>`. */
  readonly name: string;
  /** As the upstream names it. */
  readonly upstreamName: string;
  /** The definition served to clients without a pin (null: withheld). */
  readonly servedVersion: string | null;
  readonly servedDefinitionSha256: string | null;
  readonly withheld: string | null;
}

/** A recorded definition waiting for an admin's approval (`POST /admin/api/tools/{name}/versions/{version}/approve`). */
export interface PendingDefinitionView {
  readonly tool: string;
  readonly version: string;
  readonly definitionSha256: string;
  readonly firstSeenAt: string;
}

/** An upstream in the admin API: never a secret, only whether one is configured. */
export interface UpstreamAdminView {
  readonly name: string;
  readonly transport: string;
  readonly url: string | null;
  readonly command: string | null;
  readonly args: readonly string[];
  readonly headers: readonly { readonly name: string; readonly configured: boolean }[];
  readonly auth: JsonObject & { readonly type: string; readonly secretConfigured: boolean };
  readonly enabled: boolean;
  readonly timeoutMs: number | null;
  readonly managedBy: string;
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly health: {
    readonly state: string;
    readonly since: string;
    readonly lastError: string | null;
  };
  readonly lastSyncAt: string | null;
  readonly lastSyncError: string | null;
  readonly tools: readonly UpstreamToolView[];
  /** Tools the upstream lists that are not served as listed (lint findings, bad names). */
  readonly held: readonly { readonly name: string; readonly reason: string }[];
  readonly pendingDefinitions: readonly PendingDefinitionView[];
  /**
   * Recorded prompt definitions waiting for approval
   * (`POST /admin/api/prompts/{prompt}/versions/{definitionSha256}/approve`).
   */
  readonly pendingPromptDefinitions: readonly {
    readonly prompt: string;
    readonly definitionSha256: string;
  }[];
}

export function upstreamAdminView(
  row: UpstreamServerEntity,
  state: UpstreamState | undefined,
  versionsOf: (tool: string) => ToolVersionsView,
  separator: string,
): UpstreamAdminView {
  const prefix = `${row.name}${separator}`;
  const names = [...(state?.tools.keys() ?? [])].sort();
  const versions = names.map((name) => [name, versionsOf(name)] as const);
  const health = state?.health;
  return {
    name: row.name,
    transport: row.transport,
    url: row.url,
    command: row.command,
    args: row.args,
    headers: row.headerNames.map((name) => ({ name, configured: row.sealedSecrets !== null })),
    auth: {
      ...row.auth,
      type: String(row.auth['type']),
      secretConfigured: row.auth['type'] !== 'none' && row.sealedSecrets !== null,
    },
    enabled: row.enabled,
    timeoutMs: row.timeoutMs,
    managedBy: row.managedBy,
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    health: {
      state: health?.state ?? 'connecting',
      since: (health?.since ?? row.updatedAt).toISOString(),
      lastError: health?.lastError ?? null,
    },
    lastSyncAt: state?.lastSyncAt?.toISOString() ?? null,
    lastSyncError: state?.lastSyncError ?? null,
    tools: versions.map(([name, view]) => ({
      name,
      upstreamName: name.slice(prefix.length),
      servedVersion: view.served?.definition.version ?? null,
      servedDefinitionSha256: view.served?.definition.definitionSha256 ?? null,
      withheld: view.withheld ?? null,
    })),
    held: state?.held ?? [],
    pendingPromptDefinitions: state?.pendingPrompts ?? [],
    pendingDefinitions: versions.flatMap(([name, view]) =>
      view.recorded
        .filter((recorded) => recorded.status === 'pending')
        .map((recorded) => ({
          tool: name,
          version: recorded.version,
          definitionSha256: recorded.definitionSha256,
          firstSeenAt: recorded.firstSeenAt,
        })),
    ),
  };
}
