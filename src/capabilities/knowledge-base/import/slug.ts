/** The longest slug kept: ids stay short in URIs and logs. */
const MAX_SLUG_LENGTH = 80;

/**
 * `text` as a URI-safe slug: lower case, `a-z`, `0-9` and single `-` between words, accents
 * folded (`Kraków` → `krakow`); `fallback` when nothing is left (a heading in another script).
 */
export function slugify(text: string, fallback: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? fallback : slug;
}

/** Hands out `slug`, `slug-2`, `slug-3` … so every id of one document is unique. */
export class UniqueSlugs {
  private readonly taken = new Set<string>();

  next(slug: string): string {
    let candidate = slug;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${slug}-${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}
