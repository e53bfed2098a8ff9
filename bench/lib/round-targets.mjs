import { fmt } from './report.mjs';

/**
 * The performance targets of the round (README "Performance"), evaluated on the combined cells of
 * a run: each is met, missed, or not measured (why), with the figure it was judged on.
 */
export function evaluateTargets(cells) {
  const figures = (cellName, key) => {
    const servers = cells.find((cell) => cell.name === cellName)?.servers;
    const found = servers?.[key];
    return found === undefined || found.skipped !== undefined ? undefined : found;
  };
  const ours16 = figures('steady tools/call, 16 conn', 'ours');
  const sdk16 = figures('steady tools/call, 16 conn', 'sdk-stateful');
  const ours64 = figures('steady tools/call, 64 conn', 'ours');
  const sdk64 = figures('steady tools/call, 64 conn', 'sdk-stateful');
  const oursCold = figures('cold clients, 16 conn', 'ours');
  const sdkCold = figures('cold clients, 16 conn', 'sdk-stateful');
  const us = (value) => `${fmt(value)} µs`;
  const times = (a, b) => `${fmt(a.rps)}/s = ${fmt(a.rps / b.rps, 2)}× ${fmt(b.rps)}/s`;
  return [
    judge('server CPU per steady call, 16 conn ≤ 40 µs', ours16?.serverCpuUs, (cpu) => ({
      met: cpu <= 40,
      figure: us(cpu),
    })),
    judge(
      'server CPU per steady call, 16 conn ≤ SDK v2 stateful / 5',
      both(ours16?.serverCpuUs, sdk16?.serverCpuUs),
      ([ours, sdk]) => ({ met: ours <= sdk / 5, figure: `${us(ours)} vs ${us(sdk)} / 5` }),
    ),
    judge(
      'Postgres CPU per steady call, 16 conn ≤ 30 µs',
      ours16?.databaseCpuUs,
      (cpu) => ({ met: cpu <= 30, figure: us(cpu) }),
      'not measured: Postgres is PGlite (in the server) or not local',
    ),
    judge(
      'steady calls/s, 16 conn ≥ 3× SDK v2 stateful, p99 < 10 ms',
      both(ours16, sdk16),
      ([ours, sdk]) => ({
        met: ours.rps >= 3 * sdk.rps && ours.p99 < 10,
        figure: `${times(ours, sdk)}, p99 ${fmt(ours.p99, 1)} ms`,
      }),
    ),
    judge('steady calls/s, 64 conn ≥ 3.5× SDK v2 stateful', both(ours64, sdk64), ([ours, sdk]) => ({
      met: ours.rps >= 3.5 * sdk.rps,
      figure: times(ours, sdk),
    })),
    judge(
      'server + Postgres CPU per cold client ≤ 1/3 of SDK v2 stateful server CPU',
      both(oursCold?.serverCpuUs, sdkCold?.serverCpuUs),
      ([server, sdk]) => {
        // On PGlite the database runs inside the server: its CPU is already the server's.
        const total = server + (oursCold.databaseCpuUs ?? 0);
        const parts =
          oursCold.databaseCpuUs === undefined
            ? 'server; PGlite is inside it, a remote Postgres not counted'
            : 'server + Postgres';
        return { met: total <= sdk / 3, figure: `${us(total)} (${parts}) vs ${us(sdk)} / 3` };
      },
    ),
  ];
}

const both = (a, b) => (a === undefined || b === undefined ? undefined : [a, b]);

function judge(target, value, verdict, missing = 'not measured: a cell did not run') {
  if (value === undefined) return { target, status: 'not measured', figure: missing };
  const { met, figure } = verdict(value);
  return { target, status: met ? 'met' : 'missed', figure };
}

/** The Markdown table printed at the end of `npm run bench`. */
export function renderTargets(results) {
  return [
    '| target of the round | figure | |',
    '|---|---|---|',
    ...results.map((r) => `| ${r.target} | ${r.figure} | ${r.status} |`),
  ].join('\n');
}
