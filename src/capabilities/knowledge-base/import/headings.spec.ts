import { describe, expect, it } from 'vitest';

import { scanHeadings } from './headings.js';

const scan = (text: string) =>
  scanHeadings(text.split('\n')).map(({ level, text: heading }) => [level, heading]);

describe('scanHeadings', () => {
  it('should find ATX headings of every level, closing hashes removed', () => {
    expect(scan('# One\n## Two ##\n###### Six\n####### seven\n#no-space')).toEqual([
      [1, 'One'],
      [2, 'Two'],
      [6, 'Six'],
    ]);
  });

  it('should find setext headings under a one-line paragraph', () => {
    expect(scan('Title\n=====\n\nPart\n----\ntext')).toEqual([
      [1, 'Title'],
      [2, 'Part'],
    ]);
  });

  it('should not take a rule under a wrapped paragraph or a list for a setext heading', () => {
    expect(scan('line one\nline two\n---\n\n- item\n---')).toEqual([]);
  });

  it('should ignore # lines inside fenced code blocks, backticks and tildes', () => {
    const text = '```sh\n# comment\n```\n~~~~\n## not\n~~~\n~~~~\n## Real';
    expect(scan(text)).toEqual([[2, 'Real']]);
  });

  it('should keep a fence open until a fence as long as the opening closes it', () => {
    expect(scan('````\n```\n# inside\n````\n# After')).toEqual([[1, 'After']]);
  });

  it('should report where the text under each heading starts', () => {
    expect(scanHeadings(['T', '==', 'x', '## H', 'y'])).toEqual([
      { level: 1, text: 'T', start: 0, bodyStart: 2 },
      { level: 2, text: 'H', start: 3, bodyStart: 4 },
    ]);
  });
});
