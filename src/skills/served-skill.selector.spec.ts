import { describe, expect, it } from 'vitest';

import { type LoadedSkill, OPEN_ACCESS } from './loaded-skill.js';
import { chooseServedSkills } from './served-skill.selector.js';
import type { SkillVersionRecord } from './skill-version.store.js';

const loaded = (digest: string): LoadedSkill => ({
  path: 'notes',
  name: 'notes',
  description: 'd',
  frontmatter: { name: 'notes', description: 'd' },
  files: [],
  digest,
  origin: 'folder',
  location: '/skills/notes/SKILL.md',
  access: OPEN_ACCESS,
});

const version = (
  digest: string,
  status: SkillVersionRecord['status'],
  decidedAt: number | null = null,
): SkillVersionRecord => ({
  path: 'notes',
  digest,
  name: 'notes',
  origin: 'folder',
  status,
  firstSeenAt: new Date(0),
  decidedBy: decidedAt === null ? null : 'root',
  decidedAt: decidedAt === null ? null : new Date(decidedAt),
});

describe(chooseServedSkills.name, () => {
  it('should serve the loaded version when it is approved', () => {
    const [choice] = chooseServedSkills([loaded('b')], [version('b', 'approved', 1)], true);
    expect(choice?.kind).toBe('loaded');
  });

  it('should serve a pending version when approval is not required, never a rejected one', () => {
    expect(chooseServedSkills([loaded('b')], [version('b', 'pending')], false)[0]?.kind).toBe(
      'loaded',
    );
    expect(chooseServedSkills([loaded('b')], [version('b', 'rejected')], false)[0]?.kind).toBe(
      'withheld',
    );
  });

  it('should keep serving the most recently approved version while the new one is pending', () => {
    const versions = [
      version('a', 'approved', 1),
      version('c', 'approved', 5),
      version('b', 'pending'),
    ];
    expect(chooseServedSkills([loaded('b')], versions, true)[0]).toMatchObject({
      kind: 'recorded',
      digest: 'c',
    });
  });

  it('should withhold a skill with no approved version', () => {
    expect(chooseServedSkills([loaded('b')], [version('b', 'pending')], true)[0]?.kind).toBe(
      'withheld',
    );
  });
});
