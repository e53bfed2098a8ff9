import {
  type AccessPolicy,
  type AccessPolicyChanges,
  DEFAULT_ACCESS_POLICY,
  type PolicyRevision,
} from './access-policy.js';

/**
 * OAuth client id (the principal's `clientId`: `azp`, else `client_id`) → the version label
 * served to that client instead of the version every other client gets.
 */
export type ClientVersionPins = Readonly<Record<string, string>>;

/**
 * A change of the pins, merged into the stored ones like a JSON Merge Patch (RFC 7396): a label
 * sets or moves that client's pin, `null` removes it, clients not named keep theirs.
 */
export type ClientVersionPinChanges = Readonly<Record<string, string | null>>;

/**
 * Who approves a call of the tool (docs/approvals.md "The policy field"): `auto` nobody, `user`
 * the user of the client, `approver` a second person. `null` in a policy follows the code.
 */
export type ToolCallApproval = 'auto' | 'user' | 'approver';

export const TOOL_CALL_APPROVALS: readonly ToolCallApproval[] = ['auto', 'user', 'approver'];

/**
 * How a tool's calls are audited (docs/architecture.md "The audit contract"): `two` rows, the
 * "started" one committed before the handler runs and the outcome after; `one` row written after
 * the call and committed before its result leaves. `null` in a policy follows the annotations:
 * one row for a tool annotated read-only and not destructive, two for every other.
 */
export type ToolAuditRows = 'one' | 'two';

export const TOOL_AUDIT_ROWS: readonly ToolAuditRows[] = ['one', 'two'];

/** Bounds the per-client served maps each instance precomputes for one tool. */
export const MAX_CLIENT_VERSION_PINS = 1000;

/**
 * The operators' policy of one tool (`tool_policies`): who may see it ({@link AccessPolicy})
 * and how it is served. `approvalRequired` `null` follows `MCP_TOOL_APPROVAL`.
 */
export interface ToolPolicy extends AccessPolicy, PolicyRevision {
  readonly name: string;
  readonly rateLimitPerMinute: number | null;
  readonly timeoutMs: number | null;
  readonly approvalRequired: boolean | null;
  /** Version served instead of the latest approved one (rollback). */
  readonly pinnedVersion: string | null;
  /** Per-client versions; a client's pin wins over `pinnedVersion` for that client. */
  readonly clientVersionPins: ClientVersionPins;
  /** Who approves each call; `null`: a destructive tool asks the user, others need nobody. */
  readonly callApproval: ToolCallApproval | null;
  /** How calls are audited; `null`: one row for read-only tools, two for the others. */
  readonly auditRows: ToolAuditRows | null;
}

/**
 * The fields an admin may change (PATCH semantics: absent = unchanged). `clientVersionPins` is
 * merged into the stored pins (`null` instead of a map removes them all).
 */
export type ToolPolicyChanges = AccessPolicyChanges &
  Partial<
    Pick<
      ToolPolicy,
      | 'rateLimitPerMinute'
      | 'timeoutMs'
      | 'approvalRequired'
      | 'pinnedVersion'
      | 'callApproval'
      | 'auditRows'
    >
  > & {
    readonly clientVersionPins?: ClientVersionPinChanges | null;
  };

export function defaultToolPolicy(name: string): ToolPolicy {
  return {
    name,
    ...DEFAULT_ACCESS_POLICY,
    rateLimitPerMinute: null,
    timeoutMs: null,
    approvalRequired: null,
    pinnedVersion: null,
    clientVersionPins: {},
    callApproval: null,
    auditRows: null,
  };
}

/** `policy` with `changes` applied (revision and authorship are the repository's business). */
export function applyPolicyChanges(policy: ToolPolicy, changes: ToolPolicyChanges): ToolPolicy {
  const { clientVersionPins, ...fields } = changes;
  return {
    ...policy,
    ...fields,
    ...(clientVersionPins === undefined
      ? {}
      : { clientVersionPins: mergePins(policy.clientVersionPins, clientVersionPins) }),
  };
}

/** The version labels `changes` asks to serve: each must be declared and approved. */
export function requestedVersions(changes: ToolPolicyChanges): Set<string> {
  const versions = new Set<string>();
  if (typeof changes.pinnedVersion === 'string') versions.add(changes.pinnedVersion);
  for (const version of Object.values(changes.clientVersionPins ?? {})) {
    if (version !== null) versions.add(version);
  }
  return versions;
}

// Through a Map and fromEntries, never property assignment: no client id can reach a prototype.
function mergePins(
  pins: ClientVersionPins,
  changes: ClientVersionPinChanges | null,
): ClientVersionPins {
  if (changes === null) return {};
  const merged = new Map(Object.entries(pins));
  for (const [clientId, version] of Object.entries(changes)) {
    if (version === null) merged.delete(clientId);
    else merged.set(clientId, version);
  }
  return Object.fromEntries(merged);
}
