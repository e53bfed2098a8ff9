/** One ranked section of a `search_docs` answer. */
export interface SearchHit {
  readonly docId: string;
  readonly sectionId: string;
  /** The document's title. */
  readonly title: string;
  readonly heading: string;
  /** Matching fragments of the body, terms between « and ». */
  readonly snippet: string;
  /** Mean of `ts_rank_cd` and `ts_rank`, each normalised to rank / (rank + 1): within 0..1. */
  readonly score: number;
  /** The path the document was imported from. */
  readonly source: string;
}

export interface SearchRequest {
  readonly query: string;
  readonly limit: number;
  readonly cursor?: string;
  readonly tags?: readonly string[];
}

export interface SearchPage {
  readonly hits: readonly SearchHit[];
  readonly nextCursor?: string;
}

/** Limits of `search_docs` (its input schema says the same). */
export const SEARCH_LIMITS = { defaultLimit: 10, maxLimit: 50, maxQueryLength: 500 } as const;
