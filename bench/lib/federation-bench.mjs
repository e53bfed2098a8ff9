import { steadyCell } from './cells.mjs';
import { combineRounds } from './report.mjs';
import { startOurServer } from './targets.mjs';
import { startUpstream } from './upstream.mjs';

const CONNECTIONS = 16;

/**
 * `npm run bench -- --federation` (docs/federation-client.md "Performance"): the official SDK v2
 * server (stateful) as the upstream, and this server federating it from `MCP_UPSTREAMS_FILE`.
 * The same `echo` call at 16 connections, round by round: straight to the upstream, and as
 * `bench__echo` through this server (auth, policy, audit, metrics, then our upstream client on
 * its one connection). Added latency = proxied minus direct, per percentile.
 */
export async function federationBenchmark(root, plan, log) {
  const started = await startUpstream(root);
  const upstream = started.target;
  let ours;
  try {
    ours = await startOurServer(root, { env: started.env });
    await started.whenListed(ours);
    const proxiedBody = started.callBody;
    const direct = [];
    const proxied = [];
    for (let round = 1; round <= plan.rounds; round++) {
      direct.push(await steadyCell(upstream, CONNECTIONS, plan.timing));
      proxied.push(await steadyCell(ours, CONNECTIONS, plan.timing, { bodies: [proxiedBody] }));
      const [d, p] = [direct.at(-1), proxied.at(-1)];
      log(
        `round ${round} · direct ${d.rps.toFixed(0)}/s p50 ${d.p50} p99 ${d.p99} failed ${d.failed}` +
          ` · proxied ${p.rps.toFixed(0)}/s p50 ${p.p50} p99 ${p.p99} failed ${p.failed}`,
      );
    }
    return { direct: combineRounds(direct), proxied: combineRounds(proxied) };
  } finally {
    await ours?.stop();
    await started.stop();
  }
}

export function renderFederationTable({ direct, proxied }) {
  const row = (name, f) => `| ${name} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p99} | ${f.failed} |`;
  return [
    `| tools/call echo, ${CONNECTIONS} conn | calls/s | p50 ms | p99 ms | failed |`,
    '| --- | ---: | ---: | ---: | ---: |',
    row('direct to the upstream (SDK v2 stateful)', direct),
    row('proxied through this server', proxied),
    `| **added by federation** | ${(proxied.rps - direct.rps).toFixed(0)} | ${(proxied.p50 - direct.p50).toFixed(2)} | ${(proxied.p99 - direct.p99).toFixed(2)} | |`,
  ].join('\n');
}
