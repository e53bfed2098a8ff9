import type { RegisteredTool } from '../protocol/capabilities/registered-capability.types.js';
import type { ClientVersionPins } from '../policy/tool-policy.js';
import type { RecordedToolVersion, ToolState, ToolVersionStatus } from './recorded-tool-version.js';

/** Why no version of a declared tool is served. */
export type WithheldReason = 'pending_approval' | 'rejected';

export interface ServedChoice {
  readonly tool: RegisteredTool | undefined;
  readonly withheld: WithheldReason | undefined;
  /** Client id → the version its pin serves it instead of `tool` (only pins that differ). */
  readonly byClient: ReadonlyMap<string, RegisteredTool>;
}

const NO_CLIENT_CHOICES: ReadonlyMap<string, RegisteredTool> = new Map();

/**
 * Picks the version of one tool to serve (README "Operate: the admin API", versions and pins):
 * only approved definitions are served, matched by `(version, definitionSha256)`, so a changed
 * definition under an old label is a new, unapproved one. For a client the policy pins, its
 * pinned version wins; for every other client the all-clients pin (rollback); otherwise the
 * highest approved declared version. A pin whose version is no longer declared, or whose
 * definition is not approved, is ignored until it is servable again (the client falls back to
 * the choice the others get), so a pin can never withhold a tool nor serve an unapproved one.
 * A definition not recorded yet counts as approved unless approval is required.
 *
 * @param declared the code's versions of the tool, lowest label first (registry order)
 */
export function chooseServedVersion(
  declared: readonly RegisteredTool[],
  state: ToolState,
  approvalRequiredByDefault: boolean,
): ServedChoice {
  const approvalRequired = state.policy.approvalRequired ?? approvalRequiredByDefault;
  const approved = new Map<string, RegisteredTool>();
  let latest: RegisteredTool | undefined;
  for (const tool of declared) {
    if (statusOf(tool, state.versions, approvalRequired) !== 'approved') continue;
    approved.set(tool.definition.version, tool);
    latest = tool;
  }
  if (latest === undefined) {
    const newest = declared[declared.length - 1];
    const newestStatus =
      newest === undefined ? 'pending' : statusOf(newest, state.versions, approvalRequired);
    return {
      tool: undefined,
      withheld: newestStatus === 'rejected' ? 'rejected' : 'pending_approval',
      byClient: NO_CLIENT_CHOICES,
    };
  }
  const { pinnedVersion, clientVersionPins } = state.policy;
  const tool = (pinnedVersion === null ? undefined : approved.get(pinnedVersion)) ?? latest;
  return { tool, withheld: undefined, byClient: clientChoices(approved, clientVersionPins, tool) };
}

/** Pins that would serve what the client gets anyway are left out: it costs nothing more. */
function clientChoices(
  approved: ReadonlyMap<string, RegisteredTool>,
  pins: ClientVersionPins,
  served: RegisteredTool,
): ReadonlyMap<string, RegisteredTool> {
  let byClient: Map<string, RegisteredTool> | undefined;
  for (const [clientId, version] of Object.entries(pins)) {
    const tool = approved.get(version);
    if (tool !== undefined && tool !== served) (byClient ??= new Map()).set(clientId, tool);
  }
  return byClient ?? NO_CLIENT_CHOICES;
}

export function statusOf(
  tool: RegisteredTool,
  recorded: readonly RecordedToolVersion[],
  approvalRequired: boolean,
): ToolVersionStatus {
  const { version, definitionSha256 } = tool.definition;
  for (const row of recorded) {
    if (row.version === version && row.definitionSha256 === definitionSha256) return row.status;
  }
  return approvalRequired ? 'pending' : 'approved';
}
