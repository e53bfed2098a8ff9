import type { LoadedSkill } from './loaded-skill.js';
import type { SkillVersionRecord } from './skill-version.store.js';

/** What to serve for one loaded skill: itself, an earlier approved version, or nothing. */
export type SkillChoice =
  | { readonly kind: 'loaded'; readonly skill: LoadedSkill }
  | { readonly kind: 'recorded'; readonly skill: LoadedSkill; readonly digest: string }
  | { readonly kind: 'withheld'; readonly skill: LoadedSkill };

/**
 * The served version of each loaded skill (docs/skills.md "Approval"): the loaded version when it
 * is approved, or when approval is not required and nobody rejected it; otherwise the most
 * recently approved version of the same path, which keeps being served until the new one is
 * decided; otherwise nothing. A skill no source holds any more is not served at all.
 */
export function chooseServedSkills(
  loaded: readonly LoadedSkill[],
  versions: readonly SkillVersionRecord[],
  approvalRequired: boolean,
): SkillChoice[] {
  const byPath = new Map<string, SkillVersionRecord[]>();
  for (const version of versions) {
    byPath.set(version.path, [...(byPath.get(version.path) ?? []), version]);
  }
  return loaded.map((skill) => {
    const recorded = byPath.get(skill.path) ?? [];
    const status = recorded.find((version) => version.digest === skill.digest)?.status;
    if (status === 'approved' || (!approvalRequired && status !== 'rejected')) {
      return { kind: 'loaded', skill };
    }
    const approved = recorded
      .filter((version) => version.status === 'approved')
      .sort((a, b) => (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0))[0];
    return approved === undefined
      ? { kind: 'withheld', skill }
      : { kind: 'recorded', skill, digest: approved.digest };
  });
}
