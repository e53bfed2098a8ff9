import { hrefOf, PAGES, type PageName } from '../router.js';

/** The main navigation: links, the current one marked with `aria-current="page"`. */
export function Nav({ current }: { current: PageName }) {
  return (
    <nav aria-label="Dashboard">
      <ul class="nav">
        {PAGES.map((page) => (
          <li key={page}>
            <a href={hrefOf(page)} aria-current={page === current ? 'page' : undefined}>
              {page}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
