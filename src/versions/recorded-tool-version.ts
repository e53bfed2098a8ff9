import type { ToolPolicy } from '../policy/tool-policy.js';

export type ToolVersionStatus = 'pending' | 'approved' | 'rejected';

/** One `tool_versions` row without its definition: what approval and serving decisions need. */
export interface RecordedToolVersion {
  readonly version: string;
  readonly definitionSha256: string;
  readonly status: ToolVersionStatus;
  /** `auto`, or the subject of the admin who approved or rejected it. */
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly firstSeenAt: string;
}

/**
 * The recorded definitions of one tool as of one revision of the tool: the revision of its
 * `tool_policies` row, which every admin change of the tool (a version decision too) moves on.
 */
export interface RecordedToolVersions {
  readonly name: string;
  readonly revision: number;
  readonly versions: readonly RecordedToolVersion[];
}

/** Everything the database says about one tool: its policy and its recorded definitions. */
export interface ToolState {
  readonly policy: ToolPolicy;
  readonly versions: readonly RecordedToolVersion[];
}
