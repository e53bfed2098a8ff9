import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { KnowledgeBaseChanges } from '../knowledge-base.changes.js';
import type { SearchHit, SearchPage, SearchRequest } from './kb-search.types.js';
import { LruCache } from './search-cache.js';
import { encodeSearchCursor, offsetOf, searchDigest } from './search-cursor.js';

/** Pages kept per instance; a page is at most `maxLimit` short hits. */
const CACHE_CAPACITY = 500;

/**
 * One statement per page. The inner query ranks with the GIN-indexed `@@` match and sorts by
 * score, then document and section id so equal scores keep one order on PGlite and Postgres
 * alike; it fetches one hit more than asked to know whether a next page exists. `ts_headline`
 * re-parses the body, so the outer query runs it on the page's rows only, and joins the
 * documents for their source there too: a broad query matches thousands of sections, and only
 * a tag filter needs a document per match. A query of only stop
 * words gives an empty tsquery, which matches nothing: an empty page, not an error.
 *
 * The score is the mean of `ts_rank_cd` (cover density: the query's words close together) and
 * `ts_rank` (their weights: a heading match counts most, migration CreateKnowledgeBase), both
 * normalised by `rank / (rank + 1)`. Cover density alone ranks "home office stipend" in a body
 * paragraph above the section headed "Home office setup" whose text names the stipend; the seed
 * corpus's relevance test (src/capabilities/knowledge-base/seed/README.md) needs both.
 */
const SEARCH_SQL = `
  SELECT page.doc_id, page.id, page.title, page.heading, d.source, page.score,
         ts_headline('english', page.body, page.query,
           'StartSel=«, StopSel=», MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "'
         ) AS snippet
  FROM (
    SELECT s.doc_id, s.id, s.title, s.heading, s.body, q.query,
           (ts_rank(s.search, q.query, 32) + ts_rank_cd(s.search, q.query, 32)) / 2 AS score
    FROM kb_sections s
    CROSS JOIN websearch_to_tsquery('english', $1) AS q(query)
    WHERE s.search @@ q.query
      AND ($2::text[] IS NULL
           OR EXISTS (SELECT 1 FROM kb_documents t WHERE t.id = s.doc_id AND t.tags && $2::text[]))
    ORDER BY score DESC, s.doc_id, s.id
    LIMIT $3 OFFSET $4
  ) AS page
  JOIN kb_documents d ON d.id = page.doc_id
  ORDER BY page.score DESC, page.doc_id, page.id`;

interface SearchRow {
  doc_id: string;
  id: string;
  title: string;
  heading: string;
  source: string;
  score: number;
  snippet: string;
}

/**
 * Full-text search over the knowledge base's sections (README "The knowledge base"), with a small
 * per-instance cache of pages that every knowledge-base write clears on every instance
 * (`KnowledgeBaseChanges.onChange`, docs/architecture.md "Multi-instance").
 */
@Injectable()
export class KbSearchService implements OnModuleDestroy {
  private readonly cache = new LruCache<SearchPage>(CACHE_CAPACITY);
  private readonly stopListening: () => void;
  /** Grows on every change: a page read before a change is not cached after it. */
  private generation = 0;

  constructor(
    private readonly dataSource: DataSource,
    changes: KnowledgeBaseChanges,
  ) {
    this.stopListening = changes.onChange(() => {
      this.generation += 1;
      this.cache.clear();
    });
  }

  onModuleDestroy(): void {
    this.stopListening();
  }

  /** @throws McpError -32602 for a cursor of another query */
  async search(request: SearchRequest): Promise<SearchPage> {
    const tags = request.tags ?? [];
    const digest = searchDigest(request.query, tags);
    const offset = offsetOf(request.cursor, digest);
    const key = `${digest}:${offset}:${request.limit}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const generation = this.generation;
    const rows = await this.dataSource.query<SearchRow[]>(SEARCH_SQL, [
      asWebSearch(request.query),
      tags.length === 0 ? null : tags,
      request.limit + 1,
      offset,
    ]);
    const hits = rows.slice(0, request.limit).map(toHit);
    const page: SearchPage =
      rows.length > request.limit
        ? { hits, nextCursor: encodeSearchCursor({ offset: offset + request.limit, digest }) }
        : { hits };
    if (generation === this.generation) this.cache.set(key, page);
    return page;
  }
}

/**
 * `websearch_to_tsquery` reads the word "or" in any case as the OR operator, which turns a
 * question such as "can I log tokens or passwords" into "(log and tokens) or passwords". Only
 * an upper-case `OR` is meant that way, as in web search; any other "or" is a word (a stop word).
 */
export function asWebSearch(query: string): string {
  return query.replace(/\b(?!OR\b)[oO][rR]\b/g, ' ');
}

function toHit(row: SearchRow): SearchHit {
  return {
    docId: row.doc_id,
    sectionId: row.id,
    title: row.title,
    heading: row.heading,
    snippet: row.snippet,
    score: Number(row.score),
    source: row.source,
  };
}
