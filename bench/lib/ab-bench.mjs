import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildDist } from '../../scripts/build/build.mjs';
import { coldCell, steadyCell } from './cells.mjs';
import { combineRounds } from './report.mjs';
import { startOurServer } from './targets.mjs';

/**
 * The sources of `revision` in a temporary directory, built, sharing this checkout's
 * node_modules (a change of dependencies is not what an A/B of code measures).
 */
async function checkoutBaseline(root, revision, log) {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bench-baseline-'));
  const archive = execFileSync('git', ['archive', '--format=tar', revision], {
    cwd: root,
    maxBuffer: 1 << 30,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await buildDist(dir, { log: (line) => log(`baseline ${line}`) });
  return dir;
}

const fmt = (value, digits = 0) =>
  value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);
const change = (after, before) =>
  after === undefined || before === undefined ? '—' : `${fmt((after / before - 1) * 100, 1)} %`;

/**
 * `npm run bench -- --against REV`: this checkout (B) against `REV` (A), both in the production
 * configuration, one at a time on the server core. Each round runs every cell on A and on B,
 * alternating which goes first, so drift of the machine (other work, thermal state) falls on
 * both alike. CPU per unit is the figure to read: throughput moves with everything else on the
 * machine, CPU spent per call much less.
 */
export async function abBenchmark(root, revision, { timing, rounds }, log) {
  const baselineRoot = await checkoutBaseline(root, revision, log);
  const sides = [
    { key: 'A', label: `A = ${revision}`, root: baselineRoot },
    { key: 'B', label: 'B = this checkout', root },
  ];
  const cells = [
    { name: 'steady tools/call, 16 conn', run: (t) => steadyCell(t, 16, timing) },
    { name: 'steady tools/call, 64 conn', run: (t) => steadyCell(t, 64, timing) },
    { name: 'cold clients, 16 conn', run: (t) => coldCell(t, 16, timing) },
  ];
  const figures = new Map(cells.map((cell) => [cell.name, { A: [], B: [] }]));
  try {
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 === 1 ? sides : [...sides].reverse();
      for (const side of order) {
        const target = await startOurServer(side.root);
        try {
          for (const cell of cells) {
            const result = await cell.run(target);
            figures.get(cell.name)[side.key].push(result);
            log(
              `round ${round} · ${cell.name} · ${side.key}: ${result.rps.toFixed(0)} ${result.unit}, ` +
                `CPU ${fmt(result.serverCpuUs)} + ${fmt(result.databaseCpuUs)} µs, failed ${result.failed}`,
            );
          }
        } finally {
          await target.stop();
        }
      }
    }
  } finally {
    rmSync(baselineRoot, { recursive: true, force: true });
  }
  const rows = cells.map((cell) => {
    const { A, B } = figures.get(cell.name);
    return { cell: cell.name, A: combineRounds(A), B: combineRounds(B) };
  });
  return { sides: sides.map(({ key, label }) => ({ key, label })), rows };
}

/** Markdown table of an A/B run: rate, p99, server and Postgres CPU per unit, B's change. */
export function renderAbTable({ sides, rows }) {
  const lines = [
    `${sides.map((s) => s.label).join(', ')}`,
    '',
    '| cell | A rate | B rate | A p99 ms | B p99 ms | A CPU µs (server + Postgres) | B CPU µs (server + Postgres) | server CPU change | failed A/B |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { cell, A, B } of rows) {
    lines.push(
      `| ${cell} | ${fmt(A.rps)} ${A.unit} | ${fmt(B.rps)} ${B.unit} | ${fmt(A.p99, 2)} | ${fmt(B.p99, 2)} | ` +
        `${fmt(A.serverCpuUs)} + ${fmt(A.databaseCpuUs)} | ${fmt(B.serverCpuUs)} + ${fmt(B.databaseCpuUs)} | ` +
        `${change(B.serverCpuUs, A.serverCpuUs)} | ${A.failed}/${B.failed} |`,
    );
  }
  return lines.join('\n');
}
