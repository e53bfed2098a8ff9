import { describe, expect, it } from 'vitest';

import { splitFrontMatter } from './front-matter.js';

const split = (text: string) => splitFrontMatter(text.split('\n'));

describe('splitFrontMatter', () => {
  it('should read flow-list tags and drop the block from the content', () => {
    const { frontMatter, lines } = split('---\ntags: [handbook, leave]\nowner: People\n---\n# T');
    expect(frontMatter).toEqual({ title: undefined, tags: ['handbook', 'leave'] });
    expect(lines).toEqual(['# T']);
  });

  it('should read block-list tags and a quoted title', () => {
    const { frontMatter } = split('---\ntitle: "Leave"\ntags:\n  - a\n  - "b c"\nowner: x\n---');
    expect(frontMatter).toEqual({ title: 'Leave', tags: ['a', 'b c'] });
  });

  it('should read comma-separated tags once each', () => {
    expect(split('---\ntags: a, b, a\n...\nbody').frontMatter.tags).toEqual(['a', 'b']);
  });

  it('should keep every line when the block is not closed or not first', () => {
    expect(split('---\ntags: [a]\nno end').lines).toHaveLength(3);
    expect(split('text\n---\ntags: [a]\n---').frontMatter.tags).toEqual([]);
  });

  it('should not take list items of another key as tags', () => {
    const { frontMatter } = split('---\nowners:\n  - x\ntags: [t]\n---');
    expect(frontMatter.tags).toEqual(['t']);
  });
});
