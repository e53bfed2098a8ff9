import { steadyCell } from './cells.mjs';
import { combineRounds, cpu, fmt } from './report.mjs';
import { startOurServer } from './targets.mjs';
import { startUpstreams } from './upstream.mjs';

const CONNECTIONS = 16;

/**
 * Where the upstream runs. `shared`: on this server's core (the load generator has the other),
 * so a proxied call is paid for by one core twice. `apart`: on the load generator's core, so this
 * server has a core of its own, as a gateway in front of a server on another host would.
 */
const LAYOUTS = [
  { key: 'shared', upstream: 'bench', core: 0 },
  { key: 'apart', upstream: 'apart', core: 1 },
];

/**
 * `npm run bench -- --federation` (docs/federation-client.md "Performance"): the official SDK v2
 * server (stateful) as the upstream, twice (one per layout), and this server federating both
 * from `MCP_UPSTREAMS_FILE`. The same `echo` call at 16 connections, round by round: straight to
 * the upstream, and as `<upstream>__echo` through this server (auth, policy, audit, metrics, then
 * our upstream client on its one connection). Added latency = proxied minus direct, per
 * percentile; CPU per call of this server, Postgres and the upstream.
 */
export async function federationBenchmark(root, plan, log) {
  const started = await startUpstreams(
    root,
    LAYOUTS.map(({ upstream, core }) => ({ name: upstream, core })),
  );
  let ours;
  try {
    ours = await startOurServer(root, { env: started.env });
    for (const upstream of started.upstreams) await upstream.whenListed(ours);
    const figures = {};
    for (const [i, layout] of LAYOUTS.entries()) {
      const { target, callBody } = started.upstreams[i];
      const through = { ...ours, upstreamCpuSeconds: () => target.process.cpuSeconds() };
      const direct = [];
      const proxied = [];
      for (let round = 1; round <= plan.rounds; round++) {
        direct.push(await steadyCell(target, CONNECTIONS, plan.timing));
        proxied.push(await steadyCell(through, CONNECTIONS, plan.timing, { bodies: [callBody] }));
        const [d, p] = [direct.at(-1), proxied.at(-1)];
        log(
          `${layout.key} round ${round} · direct ${d.rps.toFixed(0)}/s p50 ${d.p50} p99 ${d.p99} failed ${d.failed}` +
            ` · proxied ${p.rps.toFixed(0)}/s p50 ${p.p50} p99 ${p.p99} failed ${p.failed}`,
        );
      }
      figures[layout.key] = { direct: combineRounds(direct), proxied: combineRounds(proxied) };
    }
    return figures;
  } finally {
    await ours?.stop();
    await started.stop();
  }
}

const LAYOUT_NAMES = {
  shared: "upstream on this server's core",
  apart: "upstream on the load generator's core",
};

export function renderFederationTable(figures) {
  const row = (name, f, cpuCell) =>
    `| ${name} | ${f.rps.toFixed(0)} | ${fmt(f.p50, 1)} | ${fmt(f.p99, 1)} | ${cpuCell} | ${f.failed} |`;
  const lines = [
    `| tools/call echo, ${CONNECTIONS} conn | calls/s | p50 ms | p99 ms | CPU µs/call (ours + Postgres + upstream) | failed |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const layout of LAYOUTS) {
    const { direct, proxied } = figures[layout.key];
    lines.push(
      row(
        `direct to the upstream (${LAYOUT_NAMES[layout.key]})`,
        direct,
        `upstream ${fmt(direct.serverCpuUs)}`,
      ),
      row('proxied through this server', proxied, cpu(proxied)),
      `| **added by federation** | ${(proxied.rps - direct.rps).toFixed(0)} | ${fmt(proxied.p50 - direct.p50, 2)} | ${fmt(proxied.p99 - direct.p99, 2)} | | |`,
    );
  }
  return lines.join('\n');
}
