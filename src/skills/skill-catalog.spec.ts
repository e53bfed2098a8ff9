import { describe, expect, it } from 'vitest';

import { type LoadedSkill, OPEN_ACCESS, sha256Digest, skillUri } from './loaded-skill.js';
import { SkillCatalog } from './skill-catalog.js';

const skill = (path: string, files: readonly string[]): LoadedSkill => ({
  path,
  name: path.slice(path.lastIndexOf('/') + 1),
  description: 'd',
  frontmatter: { name: path, description: 'd' },
  files: files.map((file) => ({
    path: file,
    uri: skillUri(path, file),
    digest: sha256Digest(file),
    size: file.length,
    mimeType: file.endsWith('.md') ? 'text/markdown' : 'text/plain',
    content: Buffer.from(file),
  })),
  digest: `sha256:${path}`,
  origin: 'folder',
  location: path,
  access: OPEN_ACCESS,
});

describe(SkillCatalog.name, () => {
  const catalog = new SkillCatalog([
    skill('pdf', ['SKILL.md', 'references/FORMS.md', 'references/deep/x.txt']),
    skill('acme/refunds', ['SKILL.md']),
  ]);

  it('should order the skills by URI and publish SEP-2640 entries', () => {
    expect(catalog.skills.map((served) => served.uri)).toEqual([
      'skill://acme/refunds/SKILL.md',
      'skill://pdf/SKILL.md',
    ]);
    expect(catalog.find('skill://acme/refunds/SKILL.md')?.entry).toEqual({
      uri: 'skill://acme/refunds/SKILL.md',
      frontmatter: { name: 'acme/refunds', description: 'd' },
      resources: [
        { uri: 'skill://acme/refunds/SKILL.md', digest: sha256Digest('SKILL.md'), size: 8 },
      ],
    });
  });

  it('should list the direct children of a skill folder and of its subfolders', () => {
    expect(catalog.directory('skill://pdf')?.item).toEqual([
      { uri: 'skill://pdf/SKILL.md', name: 'SKILL.md', mimeType: 'text/markdown', size: 8 },
      { uri: 'skill://pdf/references', name: 'references', mimeType: 'inode/directory' },
    ]);
    expect(catalog.directory('skill://pdf/references')?.item.map((child) => child.uri)).toEqual([
      'skill://pdf/references/FORMS.md',
      'skill://pdf/references/deep',
    ]);
  });

  it('should know no directory outside a skill, with a trailing slash, or for a file', () => {
    for (const uri of ['skill://acme', 'skill://pdf/', 'skill://pdf/SKILL.md']) {
      expect(catalog.directory(uri)).toBeUndefined();
    }
  });

  it('should tell two catalogs apart by the served versions', () => {
    expect(new SkillCatalog([skill('pdf', ['SKILL.md'])]).identity()).not.toBe(catalog.identity());
  });
});
