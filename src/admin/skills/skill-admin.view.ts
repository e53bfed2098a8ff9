import type { CapabilityPolicy } from '../../policy/capability-policy.js';
import { type EffectiveAccess, effectiveAccessOf } from '../../policy/effective-access.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';
import type { LoadedSkill } from '../../skills/loaded-skill.js';
import type { ServedSkill } from '../../skills/skill-catalog.js';
import type { SkillLoadProblem } from '../../skills/skill-folder.loader.js';
import type { SkillVersionRecord } from '../../skills/skill-version.store.js';
import { type DeclaredAccessView, declaredAccessView } from '../common/declared-access.view.js';

/** One recorded version of a skill (`skill_versions`). */
export interface SkillVersionView {
  /** `sha256:` of the manifest: frontmatter and every file's path, digest and size. */
  readonly digest: string;
  readonly status: 'pending' | 'approved' | 'rejected';
  /** What the skill's source (folder or module) holds now. */
  readonly current: boolean;
  /** What clients are served. */
  readonly served: boolean;
  readonly firstSeenAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

/** A skill file as `skills/list` publishes it. */
export interface SkillFileView {
  readonly uri: string;
  readonly digest: string;
  readonly size: number;
}

/** A skill as the admin API shows it (`/admin/api/skills`). */
export interface SkillAdminView {
  /** Its `<skill-path>` (its name for a top-level skill): the path segment of its routes. */
  readonly name: string;
  /** `skill://<skill-path>/SKILL.md`. */
  readonly uri: string;
  /** `folder` (`MCP_SKILLS_DIR`), `module:<provider>`, or `null` when no source holds it now. */
  readonly origin: string | null;
  /**
   * `served`; `disabled` by its policy; `withheld`: no approved version to serve; `removed`:
   * its source no longer holds it.
   */
  readonly effective: 'served' | 'disabled' | 'withheld' | 'removed';
  readonly servedDigest: string | null;
  /** The served version's frontmatter (else the current one's), verbatim. */
  readonly frontmatter: JsonObject | null;
  /** The served version's files. */
  readonly files: readonly SkillFileView[];
  /** Roles its module declares (`@McpSkills`); none for folder skills. */
  readonly declared: DeclaredAccessView;
  readonly policy: CapabilityPolicy & { readonly kind: 'skill' };
  readonly effectivePolicy: EffectiveAccess;
  /** Oldest first. */
  readonly versions: readonly SkillVersionView[];
}

export interface SkillAdminList {
  readonly skills: readonly SkillAdminView[];
  /** Skills refused at load, each naming the file at fault. */
  readonly problems: readonly SkillLoadProblem[];
}

export function skillAdminView(
  name: string,
  parts: {
    readonly loaded: LoadedSkill | undefined;
    readonly served: ServedSkill | undefined;
    readonly versions: readonly SkillVersionRecord[];
    readonly policy: CapabilityPolicy;
  },
): SkillAdminView {
  const { loaded, served, versions, policy } = parts;
  const shown = served?.skill ?? loaded;
  const access = shown?.access;
  return {
    name,
    uri: served?.uri ?? `skill://${name}/SKILL.md`,
    origin: loaded?.origin ?? null,
    effective: effectiveOf(loaded, served, policy),
    servedDigest: served?.skill.digest ?? null,
    frontmatter: shown?.frontmatter ?? null,
    files: (served?.skill.files ?? []).map(({ uri, digest, size }) => ({ uri, digest, size })),
    declared: declaredAccessView(access ?? { roles: [], scopes: [], isPublic: false }),
    policy: { ...policy, kind: 'skill' },
    effectivePolicy: effectiveAccessOf(access, policy),
    versions: versions.map((version) => ({
      digest: version.digest,
      status: version.status,
      current: version.digest === loaded?.digest,
      served: version.digest === served?.skill.digest,
      firstSeenAt: version.firstSeenAt.toISOString(),
      decidedBy: version.decidedBy,
      decidedAt: version.decidedAt?.toISOString() ?? null,
    })),
  };
}

function effectiveOf(
  loaded: LoadedSkill | undefined,
  served: ServedSkill | undefined,
  policy: CapabilityPolicy,
): SkillAdminView['effective'] {
  if (loaded === undefined) return 'removed';
  if (served === undefined) return 'withheld';
  return policy.enabled ? 'served' : 'disabled';
}
