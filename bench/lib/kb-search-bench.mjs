import { KB_CORPUS, benchQueries } from './kb-search-corpus.mjs';
import { DISTINCT_QUERIES, kbSearchCell, queriesOfRound } from './kb-search-cell.mjs';
import { runNode } from './processes.mjs';
import { combineRounds } from './report.mjs';
import { startOurServer } from './targets.mjs';

const CONNECTIONS = 16;
/** Repeated queries: after the warm-up every one is a cached page. */
const CACHED_QUERIES = 32;

/**
 * `npm run bench -- --kb` (README "Performance"): `search_docs` at 16 connections over a
 * generated corpus of 10,000 sections, on PGlite and, when DATABASE_URL is set, on Postgres;
 * once with a few repeated queries (the search cache) and once with distinct ones (one ranked
 * full-text statement each).
 */
export async function kbSearchBenchmark(root, { timing, rounds }, log) {
  const databases = [
    { embedded: true },
    ...(process.env.DATABASE_URL ? [{ embedded: false }] : []),
  ];
  const cells = [
    {
      name: `search_docs, ${CACHED_QUERIES} repeated queries`,
      queries: benchQueries(CACHED_QUERIES),
    },
    { name: 'search_docs, distinct queries', queries: benchQueries(DISTINCT_QUERIES) },
  ];
  const rows = [];
  for (const { embedded } of databases) {
    const target = await startOurServer(root, {
      embedded,
      prepare: (env) => runNode(['bench/lib/kb-search-corpus.mjs'], env, root),
    });
    try {
      for (const cell of cells) {
        const figures = [];
        for (let round = 1; round <= rounds; round++) {
          const queries = queriesOfRound(cell.queries, round, rounds);
          const result = await kbSearchCell(target, CONNECTIONS, timing, queries);
          result.rssBytes = target.process.rssBytes();
          figures.push(result);
          log(
            `round ${round} · ${cell.name} · ${target.name}: ${result.rps.toFixed(0)} calls/s, ` +
              `p50 ${result.p50} ms, p99 ${result.p99} ms, failed ${result.failed}`,
          );
        }
        rows.push({ cell: cell.name, server: target.name, ...combineRounds(figures) });
      }
    } finally {
      await target.stop();
    }
  }
  return {
    corpus: {
      ...KB_CORPUS,
      sections: KB_CORPUS.documents * KB_CORPUS.sectionsPerDocument,
    },
    connections: CONNECTIONS,
    rows,
  };
}

/** The Markdown table of {@link kbSearchBenchmark}'s rows. */
export function renderKbSearchTable({ corpus, connections, rows }) {
  const fmt = (value, digits = 0) => (value === undefined ? '' : value.toFixed(digits));
  return [
    `| search_docs, ${connections} conn, ${corpus.sections} sections | server | calls/s | p50 ms | p99 ms | failed |`,
    '|---|---|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.cell} | ${row.server} | ${fmt(row.rps)} | ${fmt(row.p50, 2)} | ${fmt(row.p99, 2)} | ${row.failed} |`,
    ),
  ].join('\n');
}
