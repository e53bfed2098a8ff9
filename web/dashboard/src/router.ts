import { useEffect, useState } from 'preact/hooks';

/** The pages, in the order of the navigation (README "The admin dashboard"). */
export const PAGES = [
  'Overview',
  'Tools',
  'Skills',
  'Upstreams',
  'Access',
  'Approvals',
  'Audit',
  'Sessions',
] as const;
export type PageName = (typeof PAGES)[number];

/** `#/tools`, or `#/tools/<item>` to open one item of the page (a tool of the Tools page). */
export function hrefOf(page: PageName, item?: string): string {
  const base = `#/${page.toLowerCase()}`;
  return item === undefined ? base : `${base}/${encodeURIComponent(item)}`;
}

/** The item the URL's fragment names after its page (`#/tools/fx__echo`), if any. */
export function itemOfHash(): string | undefined {
  const [, item] = location.hash.replace(/^#\//, '').split('/', 2);
  return item === undefined || item === '' ? undefined : decodeURIComponent(item);
}

/** The page of the URL's fragment (`#/tools`), so a reload or a link keeps the page. */
export function useCurrentPage(): PageName {
  const [page, setPage] = useState(pageOfHash());
  useEffect(() => {
    const update = () => setPage(pageOfHash());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return page;
}

function pageOfHash(): PageName {
  const [name] = location.hash.replace(/^#\//, '').split('/', 1);
  return PAGES.find((page) => page.toLowerCase() === name) ?? 'Overview';
}
