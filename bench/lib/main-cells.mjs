import { coldCell, modernCell, steadyCell } from './cells.mjs';
import { DISTINCT_QUERIES, kbSearchCell, queriesOfRound } from './kb-search-cell.mjs';
import { benchQueries } from './kb-search-corpus.mjs';
import { keyedCallBodies } from './mcp-http.mjs';
import { combineRounds } from './report.mjs';

const onlyOurs = (reason) => (target) => (target.key === 'ours' ? undefined : reason);

/**
 * The cells of `npm run bench` (README "Performance"), in the order each round runs them. A
 * cell's `skip(target)` names why a server does not take part; `run(target, round)` measures it.
 * `modern` maps a server to whether it answers 2026-07-28 stateless calls; `upstream` is the
 * SDK v2 server this server federates (bench/lib/upstream.mjs), measured in the federated cell.
 */
export function mainCellPlan({ connections, timing, rounds }, { modern, upstream }) {
  let keyedRuns = 0;
  const searchQueries = benchQueries(DISTINCT_QUERIES);
  return [
    ...connections.map((c) => ({
      name: `steady tools/call, ${c} conn`,
      run: (t) => steadyCell(t, c, timing),
    })),
    {
      name: 'tools/call with a new idempotency key, 16 conn',
      skip: onlyOurs('no idempotency keys'),
      run: (t) =>
        steadyCell(t, 16, timing, { bodies: keyedCallBodies(`run-${keyedRuns++}`, 100_000) }),
    },
    { name: 'cold clients, 16 conn', run: (t) => coldCell(t, 16, timing) },
    {
      name: '2026-07-28 stateless tools/call, 16 conn',
      skip: (t) => (modern.get(t.key) ? undefined : 'no 2026-07-28 stateless tools/call'),
      run: (t) => modernCell(t, 16, timing),
    },
    {
      // The seeded knowledge base (README "The knowledge base"), distinct queries: each one a
      // ranked full-text statement, none from the search cache.
      name: 'search_docs (knowledge base), distinct queries, 16 conn',
      skip: onlyOurs('no knowledge base'),
      run: (t, round) => kbSearchCell(t, 16, timing, queriesOfRound(searchQueries, round, rounds)),
    },
    {
      name: 'federated tools/call (bench__echo to SDK v2 stateful), 16 conn',
      skip: onlyOurs('no federation'),
      run: (t) =>
        steadyCell(
          { ...t, upstreamCpuSeconds: () => upstream.target.process.cpuSeconds() },
          16,
          timing,
          { bodies: [upstream.callBody] },
        ),
    },
  ];
}

/**
 * Every cell of `cellPlan` on every target, round after round (every server sees the same
 * machine state); the rounds of each cell and server combined (bench/lib/report.mjs).
 */
export async function runInterleaved(targets, cellPlan, rounds, log) {
  const measured = new Map(cellPlan.map((cell) => [cell.name, new Map()]));
  for (let round = 1; round <= rounds; round++) {
    for (const cell of cellPlan) {
      for (const target of targets) {
        if (cell.skip?.(target) !== undefined) continue;
        const figures = await cell.run(target, round);
        figures.rssBytes = target.process.rssBytes();
        const byTarget = measured.get(cell.name);
        byTarget.set(target.key, [...(byTarget.get(target.key) ?? []), figures]);
        log(
          `round ${round} · ${cell.name} · ${target.name}: ${figures.rps.toFixed(0)} ${figures.unit}, p99 ${figures.p99} ms, failed ${figures.failed}`,
        );
      }
    }
  }
  return cellPlan.map((cell) => ({
    name: cell.name,
    names: Object.fromEntries(targets.map((t) => [t.key, t.name])),
    servers: Object.fromEntries(
      targets.map((t) => {
        const skipped = cell.skip?.(t);
        return [
          t.key,
          skipped === undefined ? combineRounds(measured.get(cell.name).get(t.key)) : { skipped },
        ];
      }),
    ),
  }));
}
