/** A heading of a Markdown or plain-text file, by line index (front matter removed). */
export interface Heading {
  /** 1 for `#` and `===` underlines, 2 for `##` and `---` underlines, … up to 6. */
  readonly level: number;
  readonly text: string;
  /** The heading's first line. */
  readonly start: number;
  /** The first line of the text under it (after the underline of a setext heading). */
  readonly bodyStart: number;
}

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
/** Lines that start another block, so the underline under them is not a setext heading. */
const NOT_A_PARAGRAPH = /^ {0,3}([-*+][ \t]|\d+[.)][ \t]|>|\||```|~~~)/;

/**
 * The headings of `lines` as CommonMark defines them (§4.2 ATX, §4.3 setext), outside fenced
 * code blocks (§4.5), so a `# comment` in a shell snippet is code. A setext underline counts
 * only under a one-line paragraph (a blank line or the start of the file above it): plain-text
 * files underline their headings that way, while a `---` under a wrapped paragraph is more
 * likely a rule than a heading of several lines.
 */
export function scanHeadings(lines: readonly string[]): Heading[] {
  const headings: Heading[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (fence !== undefined) {
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    const opening = FENCE_OPEN.exec(line);
    if (opening !== null) {
      fence = opening[1];
      continue;
    }
    const atx = ATX.exec(line);
    if (atx !== null) {
      const level = (atx[1] as string).length;
      headings.push({ level, text: (atx[2] ?? '').trim(), start: i, bodyStart: i + 1 });
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(lines[i + 1] ?? '');
    if (underline !== null && isOneLineParagraph(lines, i)) {
      const level = (underline[1] as string).startsWith('=') ? 1 : 2;
      headings.push({ level, text: line.trim(), start: i, bodyStart: i + 2 });
      i++;
    }
  }
  return headings;
}

/** CommonMark §4.5: a closing fence has the opening's character, at least as many times. */
function closesFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  return (
    trimmed.length >= fence.length &&
    /^(`+|~+)$/.test(trimmed) &&
    trimmed.startsWith(fence.charAt(0)) &&
    !/^ {4}/.test(line)
  );
}

function isOneLineParagraph(lines: readonly string[], i: number): boolean {
  const line = lines[i] as string;
  const above = i === 0 ? '' : (lines[i - 1] as string);
  return line.trim() !== '' && above.trim() === '' && !NOT_A_PARAGRAPH.test(line);
}
