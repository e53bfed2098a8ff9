import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { steadyCell } from './cells.mjs';
import { ECHO_TEXT, exchange, legacyHeaders, openSession } from './mcp-http.mjs';
import { combineRounds } from './report.mjs';
import { startOurServer, startSdkServer } from './targets.mjs';

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
  const folder = mkdtempSync(join(tmpdir(), 'mcp-bench-upstreams-'));
  const upstreams = [];
  let ours;
  try {
    for (const layout of LAYOUTS)
      upstreams.push(await startSdkServer(root, 'stateful', layout.core));
    const file = join(folder, 'upstreams.json');
    const entries = LAYOUTS.map((layout, i) => ({
      name: layout.upstream,
      transport: 'streamable-http',
      url: upstreams[i].url,
    }));
    writeFileSync(file, JSON.stringify({ upstreams: entries }));
    ours = await startOurServer(root, { env: { MCP_UPSTREAMS_FILE: file } });
    for (const layout of LAYOUTS) await waitForTool(ours, `${layout.upstream}__echo`);
    const figures = {};
    for (const [i, layout] of LAYOUTS.entries()) {
      const upstream = upstreams[i];
      const proxiedBody = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: `${layout.upstream}__echo`, arguments: { message: ECHO_TEXT } },
      });
      const through = { ...ours, upstreamCpuSeconds: () => upstream.process.cpuSeconds() };
      const direct = [];
      const proxied = [];
      for (let round = 1; round <= plan.rounds; round++) {
        direct.push(await steadyCell(upstream, CONNECTIONS, plan.timing));
        proxied.push(
          await steadyCell(through, CONNECTIONS, plan.timing, { bodies: [proxiedBody] }),
        );
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
    for (const upstream of upstreams) await upstream.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The file is applied at boot, the catalogue read a moment later: wait until the tool is listed. */
async function waitForTool(target, name) {
  const sessionId = await openSession(target);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const list = await exchange(target.url, {
      headers: legacyHeaders(target, sessionId),
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    if (list.body.includes(`"${name}"`)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${target.name} did not list ${name} within 30 s`);
}

const LAYOUT_NAMES = {
  shared: "upstream on this server's core",
  apart: "upstream on the load generator's core",
};

export function renderFederationTable(figures) {
  const us = (value) => (value === undefined ? '—' : value.toFixed(0));
  const cpu = (f) => `${us(f.serverCpuUs)} + ${us(f.databaseCpuUs)} + ${us(f.upstreamCpuUs)}`;
  const row = (name, f, cpuCell) =>
    `| ${name} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p99} | ${cpuCell} | ${f.failed} |`;
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
        `upstream ${us(direct.serverCpuUs)}`,
      ),
      row('proxied through this server', proxied, cpu(proxied)),
      `| **added by federation** | ${(proxied.rps - direct.rps).toFixed(0)} | ${(proxied.p50 - direct.p50).toFixed(2)} | ${(proxied.p99 - direct.p99).toFixed(2)} | | |`,
    );
  }
  return lines.join('\n');
}
