import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';

import { splitFrontMatter } from './front-matter.js';
import { type Heading, scanHeadings } from './headings.js';
import { slugify, UniqueSlugs } from './slug.js';

/** The text under one heading of a document. */
export interface SplitSection {
  /** Slug of the heading, unique in the document (`-2`, `-3` …). */
  readonly id: string;
  readonly heading: string;
  /** The headings above it, the document's title first; empty for the intro. */
  readonly headingPath: readonly string[];
  /** The Markdown under the heading, as written, without leading and trailing blank lines. */
  readonly body: string;
  readonly wordCount: number;
  /** 0 for the first section. */
  readonly position: number;
}

/** A Markdown or plain-text file as the knowledge base stores it. */
export interface SplitDocument {
  readonly id: string;
  readonly source: string;
  readonly title: string;
  readonly tags: readonly string[];
  /** SHA-256 of the content: an import skips a document whose hash did not change. */
  readonly contentHash: string;
  readonly sections: readonly SplitSection[];
  readonly wordCount: number;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The document id of `source`: readable (the slug of the path without its extension) and unique
 * (6 hex digits of the SHA-256 of the path, since `a/b.md` and `a-b.md` share a slug), stable
 * across imports and URI-safe for `kb://docs/{docId}`.
 */
export function documentIdOf(source: string): string {
  const path = source.slice(0, source.length - extname(source).length);
  return `${slugify(path, 'doc')}-${sha256(source).slice(0, 6)}`;
}

/**
 * Splits a file into its title, tags and sections by heading (README "The knowledge base"):
 * the title is the first `#` heading, else the front matter's `title`, else the file name; the
 * text before the first heading under that `#` title is the intro section, headed by the title;
 * a file without headings is one section.
 */
export function splitDocument(source: string, content: string): SplitDocument {
  const text = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const { frontMatter, lines } = splitFrontMatter(text.split('\n'));
  const headings = scanHeadings(lines);
  const titleHeading = headings[0]?.level === 1 ? headings[0] : undefined;
  const firstH1 = headings.find((heading) => heading.level === 1);
  const title =
    firstH1?.text || frontMatter.title || basename(source, extname(source)) || 'Untitled';
  const below = titleHeading === undefined ? headings : headings.slice(1);

  const slugs = new UniqueSlugs();
  const sections: SplitSection[] = [];
  const add = (heading: string, headingPath: readonly string[], body: string): void => {
    sections.push({
      id: slugs.next(slugify(heading, 'section')),
      heading,
      headingPath,
      body,
      wordCount: countWords(body),
      position: sections.length,
    });
  };

  const introEnd = below[0]?.start ?? lines.length;
  const intro = [
    ...lines.slice(0, titleHeading?.start ?? introEnd),
    ...(titleHeading === undefined ? [] : lines.slice(titleHeading.bodyStart, introEnd)),
  ];
  const introBody = trimBlankLines(intro);
  if (introBody !== '' || below.length === 0) add(title, [], introBody);

  const open: Heading[] = [];
  below.forEach((heading, index) => {
    while (open.length > 0 && (open.at(-1) as Heading).level >= heading.level) open.pop();
    const end = below[index + 1]?.start ?? lines.length;
    const path = [title, ...open.map((ancestor) => ancestor.text)];
    add(heading.text, path, trimBlankLines(lines.slice(heading.bodyStart, end)));
    open.push(heading);
  });

  return {
    id: documentIdOf(source),
    source,
    title,
    tags: frontMatter.tags,
    contentHash: sha256(content),
    sections,
    wordCount: sections.reduce((sum, section) => sum + section.wordCount, 0),
  };
}

/** Words as a reader counts them: whitespace-separated tokens with a letter or a digit. */
export function countWords(text: string): number {
  let count = 0;
  for (const token of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(token)) count++;
  return count;
}

function trimBlankLines(lines: readonly string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] as string).trim() === '') start++;
  while (end > start && (lines[end - 1] as string).trim() === '') end--;
  return lines.slice(start, end).join('\n');
}
