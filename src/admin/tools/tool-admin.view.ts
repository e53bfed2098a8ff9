import type { EffectiveToolView } from '../../registry/effective-tool-registry.js';
import type { ToolPolicy } from '../../policy/tool-policy.js';
import type { ToolVersionStatus } from '../../registry/recorded-tool-version.js';
import { statusOf } from '../../registry/served-version.selector.js';

/** One version of a tool as the admin API shows it. */
export interface ToolVersionView {
  readonly version: string;
  readonly definitionSha256: string;
  readonly status: ToolVersionStatus;
  /** Declared by the running code (only declared versions can be served). */
  readonly declared: boolean;
  /** Served to the clients without a pin of their own. */
  readonly served: boolean;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly firstSeenAt: string | null;
}

export interface ToolAdminView {
  readonly name: string;
  /** Whether any principal may see it at all (enabled and a version is served). */
  readonly effective: 'served' | 'disabled' | 'withheld';
  readonly servedVersion: string | null;
  /**
   * The version each client of `policy.clientVersionPins` is served: its pin while that version
   * is declared and approved, else `servedVersion` (so a difference shows a pin not in effect).
   */
  readonly clientServedVersions: Readonly<Record<string, string | null>>;
  /** Why nothing is served: a pending or rejected definition with no approved fallback. */
  readonly withheld: string | null;
  readonly policy: ToolPolicy;
  readonly versions: readonly ToolVersionView[];
}

export function toolAdminView(
  view: EffectiveToolView,
  approvalRequiredByDefault: boolean,
): ToolAdminView {
  const { state, served, declared, servedByClient } = view;
  const approvalRequired = state.policy.approvalRequired ?? approvalRequiredByDefault;
  const versions: ToolVersionView[] = state.versions.map((recorded) => {
    const isDeclared = declared.some(
      (tool) =>
        tool.definition.version === recorded.version &&
        tool.definition.definitionSha256 === recorded.definitionSha256,
    );
    return {
      ...recorded,
      declared: isDeclared,
      served: isDeclared && served?.definition.definitionSha256 === recorded.definitionSha256,
    };
  });
  for (const tool of declared) {
    const { version, definitionSha256 } = tool.definition;
    if (versions.some((v) => v.version === version && v.definitionSha256 === definitionSha256)) {
      continue;
    }
    versions.push({
      version,
      definitionSha256,
      status: statusOf(tool, state.versions, approvalRequired),
      declared: true,
      served: served === tool,
      decidedBy: null,
      decidedAt: null,
      firstSeenAt: null,
    });
  }
  const servedVersion = served?.definition.version ?? null;
  const clientServedVersions = Object.fromEntries(
    Object.keys(state.policy.clientVersionPins).map((clientId) => [
      clientId,
      servedByClient.get(clientId)?.definition.version ?? servedVersion,
    ]),
  );
  return {
    name: view.name,
    effective: !state.policy.enabled ? 'disabled' : served === undefined ? 'withheld' : 'served',
    servedVersion,
    clientServedVersions,
    withheld: view.withheld ?? null,
    policy: state.policy,
    versions,
  };
}
