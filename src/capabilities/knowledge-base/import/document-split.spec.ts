import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { countWords, documentIdOf, splitDocument } from './document-split.js';

const SEED_DOCS = join(import.meta.dirname, '../seed/docs');
const seed = (source: string) =>
  splitDocument(source, readFileSync(join(SEED_DOCS, source), 'utf8'));

const outline = (source: string, content: string) =>
  splitDocument(source, content).sections.map((section) => [
    section.id,
    section.heading,
    section.headingPath,
  ]);

describe('splitDocument', () => {
  it('should title a document by its first # heading, over front matter and file name', () => {
    expect(splitDocument('a/leave.md', '---\ntitle: FM\n---\n# Leave\ntext').title).toBe('Leave');
    expect(splitDocument('a/leave.md', '---\ntitle: FM\n---\n## Part\ntext').title).toBe('FM');
    expect(splitDocument('a/leave.md', '## Part\ntext').title).toBe('leave');
  });

  it('should take tags from the front matter', () => {
    expect(splitDocument('x.md', '---\ntags: [a, b]\n---\n# X').tags).toEqual(['a', 'b']);
    expect(splitDocument('x.md', '# X').tags).toEqual([]);
  });

  it('should make the text before the first ## the intro, headed by the title', () => {
    const doc = splitDocument('x.md', '# Leave\n\nIntro text.\n\n## Who\nEveryone.\n');
    expect(doc.sections).toEqual([
      {
        id: 'leave',
        heading: 'Leave',
        headingPath: [],
        body: 'Intro text.',
        wordCount: 2,
        position: 0,
      },
      {
        id: 'who',
        heading: 'Who',
        headingPath: ['Leave'],
        body: 'Everyone.',
        wordCount: 1,
        position: 1,
      },
    ]);
  });

  it('should leave out an empty intro but keep empty sections', () => {
    expect(outline('x.md', '# T\n## A\n### B\nb')).toEqual([
      ['a', 'A', ['T']],
      ['b', 'B', ['T', 'A']],
    ]);
  });

  it('should give each section the headings above it as its path', () => {
    const text = '# T\ni\n## A\n### A1\n#### A1x\n## B\n### B1\n# Second\n## C';
    expect(outline('x.md', text).map(([id, , path]) => [id, path])).toEqual([
      ['t', []],
      ['a', ['T']],
      ['a1', ['T', 'A']],
      ['a1x', ['T', 'A', 'A1']],
      ['b', ['T']],
      ['b1', ['T', 'B']],
      ['second', ['T']],
      ['c', ['T', 'Second']],
    ]);
  });

  it('should de-duplicate section ids within the document', () => {
    const ids = outline('x.md', '# T\ni\n## Steps\n## Steps\n## Steps').map(([id]) => id);
    expect(ids).toEqual(['t', 'steps', 'steps-2', 'steps-3']);
  });

  it('should keep the Markdown of a body as written, fenced # lines included', () => {
    const body = '- one\n\n```sh\n# not a heading\n```\n\n| a | b |';
    const doc = splitDocument('x.md', `# T\n\n## Code\n\n${body}\n\n`);
    expect(doc.sections[0]?.body).toBe(body);
    expect(doc.sections).toHaveLength(1);
  });

  it('should split a plain-text file by its setext headings', () => {
    const doc = seed('handbook/memo-2022-anchor-days.txt');
    expect(doc.title).toBe('MEMO: Office anchor days from 1 September 2022');
    expect(doc.sections.map((section) => section.heading)).toContain('Why we are changing');
    expect(doc.sections[0]?.body).toMatch(/^To: {6}All Corvane staff/);
  });

  it('should make a file without headings one section headed by its file name', () => {
    const doc = seed('runbooks/pager-cheatsheet.txt');
    expect(doc.title).toBe('pager-cheatsheet');
    expect(doc.sections).toHaveLength(1);
    expect(doc.sections[0]).toMatchObject({ id: 'pager-cheatsheet', headingPath: [] });
    expect(doc.wordCount).toBe(doc.sections[0]?.wordCount);
    expect(doc.wordCount).toBeGreaterThan(100);
  });

  it('should hash the content, so only a changed file imports again', () => {
    const a = splitDocument('x.md', '# T\ntext');
    expect(splitDocument('x.md', '# T\ntext').contentHash).toBe(a.contentHash);
    expect(splitDocument('x.md', '# T\ntext!').contentHash).not.toBe(a.contentHash);
  });
});

describe('documentIdOf', () => {
  it('should be a stable, URI-safe function of the source', () => {
    const id = documentIdOf('handbook/Leave & Time Off.md');
    expect(id).toMatch(/^handbook-leave-time-off-[0-9a-f]{6}$/);
    expect(documentIdOf('handbook/Leave & Time Off.md')).toBe(id);
    expect(encodeURIComponent(id)).toBe(id);
  });

  it('should tell apart sources that share a slug', () => {
    expect(documentIdOf('a/b.md')).not.toBe(documentIdOf('a-b.md'));
    expect(documentIdOf('a/b.md')).not.toBe(documentIdOf('a/b.txt'));
  });
});

describe('countWords', () => {
  it('should count tokens with a letter or digit, not punctuation', () => {
    expect(countWords("Don't page — 10,000 rows | ok")).toBe(5);
    expect(countWords('  \n ')).toBe(0);
  });
});
