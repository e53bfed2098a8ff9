import { useEffect, useState } from 'preact/hooks';

/** The pages, in the order of the navigation (README "The admin dashboard"). */
export const PAGES = [
  'Overview',
  'Tools',
  'Skills',
  'Access',
  'Approvals',
  'Audit',
  'Sessions',
] as const;
export type PageName = (typeof PAGES)[number];

export function hrefOf(page: PageName): string {
  return `#/${page.toLowerCase()}`;
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
  const name = location.hash.replace(/^#\//, '');
  return PAGES.find((page) => page.toLowerCase() === name) ?? 'Overview';
}
