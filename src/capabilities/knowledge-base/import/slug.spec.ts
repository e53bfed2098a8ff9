import { describe, expect, it } from 'vitest';

import { slugify, UniqueSlugs } from './slug.js';

describe('slugify', () => {
  it.each([
    ['Who is eligible?', 'who-is-eligible'],
    ['  SEV1 / SEV2: paging  ', 'sev1-sev2-paging'],
    ['Kraków office', 'krakow-office'],
    ['API_v2 — rollout', 'api-v2-rollout'],
  ])('should turn %j into %j', (text, slug) => {
    expect(slugify(text, 'section')).toBe(slug);
  });

  it('should fall back when nothing URI-safe is left', () => {
    expect(slugify('日本語', 'section')).toBe('section');
    expect(slugify('***', 'doc')).toBe('doc');
  });

  it('should cap long slugs without a trailing dash', () => {
    const slug = slugify(`${'word '.repeat(40)}end`, 'section');
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('UniqueSlugs', () => {
  it('should number repeats -2, -3 within one document', () => {
    const slugs = new UniqueSlugs();
    expect(['steps', 'steps', 'notes', 'steps'].map((slug) => slugs.next(slug))).toEqual([
      'steps',
      'steps-2',
      'notes',
      'steps-3',
    ]);
  });

  it('should not reuse a number a heading already took', () => {
    const slugs = new UniqueSlugs();
    expect(['steps-2', 'steps', 'steps'].map((slug) => slugs.next(slug))).toEqual([
      'steps-2',
      'steps',
      'steps-3',
    ]);
  });
});
