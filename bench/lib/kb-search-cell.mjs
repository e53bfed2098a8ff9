import { steadyCell } from './cells.mjs';

/** Distinct queries: more than a window sends, so none repeats and each reaches the database. */
export const DISTINCT_QUERIES = 40_000;

/** A `search_docs` call of `query`, as a request body. */
function searchBody(query) {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'search_docs', arguments: { query, limit: 10 } },
  });
}

/** A successful `search_docs` result with a `hits` list. */
function isSearchResult(status, body) {
  return status === 200 && body.includes('"hits":') && !body.includes('"isError":true');
}

/**
 * Steady `search_docs` calls on open sessions (one per connection), cycling through `queries`:
 * a few repeated queries measure the search cache, thousands of distinct ones the database.
 */
export function kbSearchCell(target, connections, timing, queries) {
  return steadyCell(target, connections, timing, {
    bodies: queries.map(searchBody),
    isOk: isSearchResult,
  });
}

/**
 * `queries` starting at round `round`'s share of the list (of `rounds`), so distinct queries stay
 * distinct from round to round and none is answered from the search cache.
 */
export function queriesOfRound(queries, round, rounds) {
  const offset = Math.floor(((round - 1) * queries.length) / rounds);
  return [...queries.slice(offset), ...queries.slice(0, offset)];
}
