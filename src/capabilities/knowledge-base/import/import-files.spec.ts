import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readImportFiles, readRecordsFile, UnreadablePathsError } from './import-files.js';

describe('readImportFiles', () => {
  let root: string;
  const write = async (path: string, text: string) => {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'kb-files-'));
    await write('docs/handbook/leave.md', '# Leave');
    await write('docs/a.markdown', '# A');
    await write('docs/b.TXT', 'b');
    await write('docs/image.png', 'png');
    await write('docs/.draft.md', '# Draft');
    await write('docs/.git/HEAD.md', '# Git');
    await write('docs/node_modules/x/README.md', '# Dependency');
    await write('single.png', 'named on purpose');
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('should walk a folder for .md, .markdown and .txt, sources relative to it', async () => {
    const files = await readImportFiles([join(root, 'docs')]);
    expect(files.map((file) => file.source)).toEqual(['a.markdown', 'b.TXT', 'handbook/leave.md']);
    expect(files[2]?.content).toBe('# Leave');
  });

  it('should take a named file whatever its extension, its source the path as given', async () => {
    const here = process.cwd();
    process.chdir(root);
    try {
      const files = await readImportFiles(['./single.png', 'docs/handbook/../a.markdown']);
      expect(files.map((file) => file.source)).toEqual(['single.png', 'docs/a.markdown']);
    } finally {
      process.chdir(here);
    }
  });

  it('should name every missing or unreadable path and return nothing', async () => {
    await write('latin1.txt', '');
    await writeFile(join(root, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const error = await readImportFiles([join(root, 'docs'), '/nope', join(root, 'latin1.txt')])
      .then(() => undefined)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnreadablePathsError);
    expect((error as UnreadablePathsError).problems).toEqual([
      '/nope: no such file or directory',
      `${join(root, 'latin1.txt')}: not UTF-8 text`,
    ]);
  });
});

describe('readRecordsFile', () => {
  it('should refuse a file that is not a JSON array, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kb-records-'));
    try {
      await writeFile(join(dir, 'r.json'), '{"id": 1}');
      await expect(readRecordsFile(join(dir, 'r.json'))).rejects.toThrow(
        /r\.json: not a JSON array/,
      );
      await writeFile(join(dir, 'r.json'), '[{');
      await expect(readRecordsFile(join(dir, 'r.json'))).rejects.toThrow(/r\.json: .*JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
