/** What the importer reads from a YAML front-matter block; other keys are ignored. */
export interface FrontMatter {
  readonly title: string | undefined;
  readonly tags: readonly string[];
}

export interface SplitFrontMatter {
  readonly frontMatter: FrontMatter;
  /** The lines after the block (all lines when there is none). */
  readonly lines: readonly string[];
}

const FENCE = /^---[ \t]*$/;
const END = /^(---|\.\.\.)[ \t]*$/;
const KEY = /^([A-Za-z_][\w-]*):[ \t]*(.*)$/;
const LIST_ITEM = /^[ \t]+-[ \t]+(.*)$/;

/**
 * Splits off a YAML front-matter block (a first line `---` up to a line `---` or `...`) and
 * reads `title` and `tags` from it, flow (`tags: [a, b]`), comma (`tags: a, b`) or block list
 * (`tags:` then `  - a` lines). Only this subset of YAML: a file without a closed block keeps
 * every line as content.
 */
export function splitFrontMatter(lines: readonly string[]): SplitFrontMatter {
  const none = { frontMatter: { title: undefined, tags: [] }, lines };
  if (lines.length === 0 || !FENCE.test(lines[0] as string)) return none;
  const end = lines.findIndex((line, index) => index > 0 && END.test(line));
  if (end < 0) return none;
  let title: string | undefined;
  const tags: string[] = [];
  let listKey: string | undefined;
  for (const line of lines.slice(1, end)) {
    const item = LIST_ITEM.exec(line);
    if (item !== null && listKey === 'tags') {
      tags.push(...scalars(item[1] as string));
      continue;
    }
    const pair = KEY.exec(line);
    if (pair === null) continue;
    const [, key, value = ''] = pair;
    listKey = value.trim() === '' ? key : undefined;
    if (key === 'title' && value.trim() !== '') title = unquote(value.trim());
    if (key === 'tags') tags.push(...scalars(value));
  }
  return { frontMatter: { title, tags: [...new Set(tags)] }, lines: lines.slice(end + 1) };
}

/** `[a, "b c"]`, `a, b` or `a` as its non-empty items. */
function scalars(value: string): string[] {
  const inner = value.trim().replace(/^\[(.*)\]$/, '$1');
  return inner
    .split(',')
    .map((item) => unquote(item.trim()))
    .filter((item) => item !== '');
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2').trim();
}
