import type { DocumentWithSections } from './kb-documents.reader.js';
import type { KbSectionEntity } from './kb-section.entity.js';

/**
 * A section as Markdown: its heading at its depth in the document (one below the headings above
 * it: the intro's title is `#`), then its text.
 */
export function sectionMarkdown(section: KbSectionEntity): string {
  const depth = Math.min(section.headingPath.length + 1, 6);
  const heading = `${'#'.repeat(depth)} ${section.heading}`;
  return section.body === '' ? heading : `${heading}\n\n${section.body}`;
}

/** A whole document as Markdown, sections in reading order. */
export function documentMarkdown({ document, sections }: DocumentWithSections): string {
  if (sections.length === 0) return `# ${document.title}`;
  return sections.map(sectionMarkdown).join('\n\n');
}
