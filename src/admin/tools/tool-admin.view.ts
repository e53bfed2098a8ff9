import { declaredAuditRows } from '../../mcp/dispatcher/tool-audit-rows.js';
import type { ToolAnnotations } from '../../protocol/capabilities/capability.types.js';
import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
import { type EffectiveAccess, effectiveAccessOf } from '../../policy/effective-access.js';
import type { ToolAuditRows, ToolPolicy } from '../../policy/tool-policy.js';
import type { ToolVersionStatus } from '../../versions/recorded-tool-version.js';
import type { ToolVersionsView } from '../../versions/served-tool-versions.js';
import { statusOf } from '../../versions/served-version.selector.js';
import { type DeclaredAccessView, declaredAccessView } from '../common/declared-access.view.js';

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

/** What the running code declares of one version of a tool (`@McpTool` and the access decorators). */
export interface DeclaredToolView extends DeclaredAccessView {
  readonly version: string;
  readonly title: string | null;
  readonly description: string;
  /** `destructiveHint`, `readOnlyHint`, …: hints for clients, never used to authorize. */
  readonly annotations: ToolAnnotations;
  /** `null`: `MCP_TOOL_TIMEOUT_MS`. */
  readonly timeoutMs: number | null;
  /** Who approves a call by the code alone: `user` for a `destructiveHint` tool. */
  readonly callApproval: 'user' | 'none';
  /** How calls are audited by the annotations alone (one row for a read-only tool). */
  readonly auditRows: ToolAuditRows;
}

/** Code and policy combined: what the access decision and the call path apply to the tool. */
export interface EffectiveToolPolicy extends EffectiveAccess {
  readonly approvalRequired: boolean;
  /** The policy's, else the declared one, else `MCP_TOOL_TIMEOUT_MS`. */
  readonly timeoutMs: number;
  /** The policy's, else `MCP_RATE_LIMIT_PER_TOOL`; `null`: no per-tool limit. */
  readonly rateLimitPerMinute: number | null;
  /** Who approves each call: the policy's `callApproval` (`auto`: none), else the declared. */
  readonly callApproval: 'user' | 'approver' | 'none';
  /** The policy's `auditRows`, else the declared. */
  readonly auditRows: ToolAuditRows;
}

/** The server's settings a tool policy overrides. */
export interface ToolDefaults {
  readonly approvalRequired: boolean;
  readonly timeoutMs: number;
  /** 0: no per-tool limit. */
  readonly rateLimitPerMinute: number;
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
  /**
   * The declaration of the version served to clients without a pin, else (nothing served) of
   * the newest declared version; `null` when the code no longer declares the tool.
   */
  readonly declared: DeclaredToolView | null;
  /** The operators' stored policy. */
  readonly policy: ToolPolicy;
  readonly effectivePolicy: EffectiveToolPolicy;
  readonly versions: readonly ToolVersionView[];
}

/** What the admin API reads of one tool: the operators' policy and the state of its versions. */
export interface KnownTool {
  readonly name: string;
  readonly policy: ToolPolicy;
  readonly versions: ToolVersionsView;
}

export function toolAdminView(known: KnownTool, defaults: ToolDefaults): ToolAdminView {
  const { policy } = known;
  const { recorded: recordedVersions, served, declared, servedByClient } = known.versions;
  const approvalRequired = policy.approvalRequired ?? defaults.approvalRequired;
  const versions: ToolVersionView[] = recordedVersions.map((recorded) => {
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
      status: statusOf(tool, recordedVersions, approvalRequired),
      declared: true,
      served: served === tool,
      decidedBy: null,
      decidedAt: null,
      firstSeenAt: null,
    });
  }
  const servedVersion = served?.definition.version ?? null;
  const clientServedVersions = Object.fromEntries(
    Object.keys(policy.clientVersionPins).map((clientId) => [
      clientId,
      servedByClient.get(clientId)?.definition.version ?? servedVersion,
    ]),
  );
  const shown = served ?? declared[declared.length - 1];
  const rateLimitPerMinute = policy.rateLimitPerMinute ?? defaults.rateLimitPerMinute;
  const declaredView = shown === undefined ? null : declaredToolView(shown);
  return {
    name: known.name,
    effective: !policy.enabled ? 'disabled' : served === undefined ? 'withheld' : 'served',
    servedVersion,
    clientServedVersions,
    withheld: known.versions.withheld ?? null,
    declared: declaredView,
    policy,
    effectivePolicy: {
      ...effectiveAccessOf(shown?.access, policy),
      approvalRequired,
      timeoutMs: policy.timeoutMs ?? shown?.definition.timeoutMs ?? defaults.timeoutMs,
      rateLimitPerMinute: rateLimitPerMinute > 0 ? rateLimitPerMinute : null,
      callApproval: effectiveCallApproval(policy.callApproval, declaredView),
      auditRows: policy.auditRows ?? declaredView?.auditRows ?? 'two',
    },
    versions,
  };
}

function declaredToolView(tool: RegisteredTool): DeclaredToolView {
  const { definition, access } = tool;
  return {
    version: definition.version,
    title: definition.title ?? null,
    description: definition.description,
    annotations: definition.annotations ?? {},
    ...declaredAccessView(access),
    timeoutMs: definition.timeoutMs ?? null,
    callApproval: definition.annotations?.destructiveHint === true ? 'user' : 'none',
    auditRows: declaredAuditRows(tool),
  };
}

/** As the call path decides it (docs/approvals.md "The policy field"). */
function effectiveCallApproval(
  chosen: ToolPolicy['callApproval'],
  declared: DeclaredToolView | null,
): EffectiveToolPolicy['callApproval'] {
  if (chosen === null) return declared?.callApproval ?? 'none';
  return chosen === 'auto' ? 'none' : chosen;
}
