import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { OPEN_ACCESS, sha256Digest } from './loaded-skill.js';
import { loadSkillFolder, MAX_SKILL_BYTES, MAX_SKILL_FILES } from './skill-folder.loader.js';

const manifest = (name: string): string => `---\nname: ${name}\ndescription: About ${name}.\n---\n`;

describe(loadSkillFolder.name, () => {
  let root: string;
  const write = async (path: string, content: string | Buffer): Promise<void> => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  };
  const load = () => loadSkillFolder({ root, origin: 'folder', access: OPEN_ACCESS });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'skills-loader-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('should load nested skill paths with every file, sorted, digested and sized', async () => {
    await write('acme/billing/refunds/SKILL.md', manifest('refunds'));
    await write('acme/billing/refunds/templates/note.md', 'Dear customer');
    await write('acme/billing/refunds/.hidden', 'skipped');
    const { skills, problems } = await load();
    expect(problems).toEqual([]);
    expect(skills).toHaveLength(1);
    expect(skills[0]).toMatchObject({
      path: 'acme/billing/refunds',
      name: 'refunds',
      location: join(root, 'acme/billing/refunds/SKILL.md'),
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(
      skills[0]?.files.map(({ uri, digest, size, mimeType }) => ({ uri, digest, size, mimeType })),
    ).toEqual([
      {
        uri: 'skill://acme/billing/refunds/SKILL.md',
        digest: sha256Digest(manifest('refunds')),
        size: Buffer.byteLength(manifest('refunds')),
        mimeType: 'text/markdown',
      },
      {
        uri: 'skill://acme/billing/refunds/templates/note.md',
        digest: sha256Digest('Dear customer'),
        size: 13,
        mimeType: 'text/markdown',
      },
    ]);
  });

  it('should give a skill inside another its own entry, its files also in the outer one', async () => {
    await write('outer/SKILL.md', manifest('outer'));
    await write('outer/inner/SKILL.md', manifest('inner'));
    const { skills } = await load();
    expect(skills.map((skill) => [skill.path, skill.files.map((file) => file.path)])).toEqual([
      ['outer', ['SKILL.md', 'inner/SKILL.md']],
      ['outer/inner', ['SKILL.md']],
    ]);
  });

  it('should not follow symbolic links out of the folder', async () => {
    await write('linked/SKILL.md', manifest('linked'));
    await symlink('/etc/hostname', join(root, 'linked/host'));
    const { skills } = await load();
    expect(skills[0]?.files.map((file) => file.path)).toEqual(['SKILL.md']);
  });

  it('should change the digest when any file changes', async () => {
    await write('notes/SKILL.md', manifest('notes'));
    await write('notes/a.txt', 'one');
    const before = (await load()).skills[0]?.digest;
    await write('notes/a.txt', 'two');
    expect((await load()).skills[0]?.digest).not.toBe(before);
  });

  it('should refuse a folder breaking the naming rules, bad frontmatter and the limits, naming the file', async () => {
    await write('Bad_Folder/SKILL.md', manifest('Bad_Folder'));
    await write('wrong-name/SKILL.md', manifest('other'));
    await write('many/SKILL.md', manifest('many'));
    for (let i = 0; i < MAX_SKILL_FILES; i++) await write(`many/f/${i}.txt`, '');
    await write('big/SKILL.md', manifest('big'));
    await write('big/blob.bin', Buffer.alloc(MAX_SKILL_BYTES));
    await write('fine/SKILL.md', manifest('fine'));
    const { skills, problems } = await load();
    expect(skills.map((skill) => skill.path)).toEqual(['fine']);
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          file: join(root, 'Bad_Folder/SKILL.md'),
          message: expect.stringContaining('"Bad_Folder" breaks the skill naming rules'),
        },
        {
          file: join(root, 'wrong-name/SKILL.md'),
          message: 'name "other" differs from its folder name "wrong-name"',
        },
        { file: join(root, 'many/SKILL.md'), message: 'the skill has 513 files, more than 512' },
        {
          file: join(root, 'big/SKILL.md'),
          message: expect.stringContaining(`the largest is ${join(root, 'big/blob.bin')}`),
        },
      ]),
    );
    expect(problems).toHaveLength(4);
  });
});
