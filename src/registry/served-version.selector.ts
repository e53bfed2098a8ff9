import type { RegisteredTool } from '../mcp/discovery/registered-capability.types.js';
import type { RecordedToolVersion, ToolState, ToolVersionStatus } from './recorded-tool-version.js';

/** Why no version of a declared tool is served. */
export type WithheldReason = 'pending_approval' | 'rejected';

export interface ServedChoice {
  readonly tool: RegisteredTool | undefined;
  readonly withheld: WithheldReason | undefined;
}

/**
 * Picks the version of one tool to serve (issue 6 "Versions and drift", security bar §2.1):
 * only approved definitions are served, matched by `(version, definitionSha256)`, so a changed
 * definition under an old label is a new, unapproved one. The pinned version wins when it is
 * still declared and approved (rollback); otherwise the highest approved declared version.
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
  let served: RegisteredTool | undefined;
  for (const tool of declared) {
    if (statusOf(tool, state.versions, approvalRequired) !== 'approved') continue;
    served = tool;
    if (tool.definition.version === state.policy.pinnedVersion) break;
  }
  if (served !== undefined) return { tool: served, withheld: undefined };
  const newest = declared[declared.length - 1];
  const newestStatus =
    newest === undefined ? 'pending' : statusOf(newest, state.versions, approvalRequired);
  return {
    tool: undefined,
    withheld: newestStatus === 'rejected' ? 'rejected' : 'pending_approval',
  };
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
