#!/usr/bin/env node
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { abBenchmark, renderAbTable } from '../bench/lib/ab-bench.mjs';
import { auditCell } from '../bench/lib/audit-cell.mjs';
import { kbCorpus, kbImportCell, renderKbImportTable } from '../bench/lib/kb-cell.mjs';
import { idleCell, steadyCell, supportsModern } from '../bench/lib/cells.mjs';
import { kbSearchBenchmark, renderKbSearchTable } from '../bench/lib/kb-search-bench.mjs';
import { mainCellPlan, runInterleaved } from '../bench/lib/main-cells.mjs';
import { HAS_TASKSET, pinSelf } from '../bench/lib/processes.mjs';
import { summarizeProfile } from '../bench/lib/profile-summary.mjs';
import { federationBenchmark, renderFederationTable } from '../bench/lib/federation-bench.mjs';
import { renderAudit, renderTable } from '../bench/lib/report.mjs';
import { evaluateTargets, renderTargets } from '../bench/lib/round-targets.mjs';
import { renderScaling, scalingBenchmark } from '../bench/lib/scaling-bench.mjs';
import { startOurServer, startRawServer, startSdkServer } from '../bench/lib/targets.mjs';
import { startUpstream } from '../bench/lib/upstream.mjs';
import { buildDist } from './build/build.mjs';

/**
 * `npm run bench [-- --quick] [-- --profile]` (README "Performance"): this server in its production
 * configuration, a raw node:http echo (the ceiling) and the official SDK v2 server stateful
 * and stateless, each pinned to core 0; autocannon drives them from core 1. Cells run
 * interleaved round by round (every server sees the same machine state), each a warm-up then
 * a fixed window, every response checked. Prints a Markdown table, writes JSON to
 * bench/results/. `--profile` instead runs this server alone under `--cpu-prof` through the
 * steady 16-connection cell and prints where the CPU time goes. `--kb` instead measures the
 * knowledge-base import of a 10,000-section corpus on PGlite and, with DATABASE_URL, Postgres,
 * then `search_docs` over a generated 10,000-section knowledge base (bench/lib/kb-search-bench.mjs).
 * `--federation` instead measures a tools/call proxied to an upstream against the same call made
 * to the upstream directly, at 16 connections (bench/lib/federation-bench.mjs). `--scaling`
 * instead compares one instance of this server with two on one Postgres
 * (bench/lib/scaling-bench.mjs); the full run includes it when DATABASE_URL is set.
 * `--against REV` instead compares this checkout with git revision REV, interleaved
 * (bench/lib/ab-bench.mjs): the measurement each performance change is committed with.
 */
const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    kb: { type: 'boolean', default: false },
    federation: { type: 'boolean', default: false },
    scaling: { type: 'boolean', default: false },
    against: { type: 'string' },
  },
});
const root = resolve(import.meta.dirname, '..');
const resultsDir = join(root, 'bench/results');
mkdirSync(resultsDir, { recursive: true });

const plan = flags.quick
  ? {
      timing: { warmupSec: 0.5, durationSec: 1 },
      rounds: 2,
      idleSessions: 500,
      connections: [1, 16, 64],
      audit: { callers: 256, durationSec: 3 },
    }
  : {
      timing: { warmupSec: 2, durationSec: 5 },
      rounds: 3,
      idleSessions: 10_000,
      connections: [1, 16, 64],
      audit: { callers: 256, durationSec: 10 },
    };

const log = (line) => process.stderr.write(`${line}\n`);

/** Writes `report` to bench/results/<prefix>-<date>.json, and to `latest` there when named. */
function writeResults(prefix, report, latest) {
  const file = join(resultsDir, `${prefix}-${report.date.replace(/[:.]/g, '-')}.json`);
  for (const path of [file, ...(latest === undefined ? [] : [join(resultsDir, latest)])]) {
    writeFileSync(path, JSON.stringify(report, null, 2));
  }
  log(`wrote ${file} (${report.seconds} s)`);
}

if (cpus().length > 1) pinSelf(1);
await buildDist(root, { log });

if (flags.against !== undefined) await comparison(flags.against);
else if (flags.profile) await profile();
else if (flags.federation) await federation();
else if (flags.scaling) await scaling();
else if (flags.kb) {
  await knowledgeBase();
  await knowledgeBaseSearch();
} else await benchmark();

async function benchmark() {
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  if (loadAtStart > 1)
    log(`load average ${loadAtStart.toFixed(1)}: other work is running, figures will be low`);
  // The SDK v2 server this server federates, for the federated cell (bench/lib/upstream.mjs).
  const upstream = await startUpstream(root);
  const starters = [
    () => startOurServer(root, { env: upstream.env }),
    () => startRawServer(root),
    () => startSdkServer(root, 'stateful'),
    () => startSdkServer(root, 'stateless'),
  ];
  const targets = [];
  try {
    for (const start of starters) targets.push(await start());
    await upstream.whenListed(targets[0]);
    const modern = new Map();
    for (const target of targets) modern.set(target.key, await supportsModern(target));
    const cellPlan = mainCellPlan(plan, { modern, upstream });
    const cells = await runInterleaved(targets, cellPlan, plan.rounds, log);
    const withSessions = targets.map((target, i) => (target.sessions ? starters[i] : undefined));
    for (const target of targets) await target.stop();
    targets.length = 0;
    // Idle sessions on a fresh process each: after the load cells, garbage the collector frees
    // while the sessions open would be counted against them (RSS can even shrink).
    const idle = [];
    for (const start of withSessions) {
      if (start === undefined) continue;
      const target = await start();
      targets.push(target);
      const row = await idleCell(target, plan.idleSessions, () => target.process.rssBytes());
      idle.push({ name: target.name, key: target.key, ...row });
      log(`idle · ${target.name}: ${(row.bytesPerSession / 1024).toFixed(1)} KB per session`);
      await target.stop();
      targets.pop();
    }
    const scalingRows =
      process.env.DATABASE_URL === undefined ? undefined : await scalingBenchmark(root, plan, log);
    // Last, with the servers stopped: the audit writer alone, in this process (core 1).
    const audit = await auditCell(root, plan.audit);
    log(`audit alone: ${audit.callsPerSecond.toFixed(0)} calls/s, ${audit.lost} rows lost`);
    const targetResults = evaluateTargets(cells);
    const tables = [
      renderTable(cells, idle),
      renderAudit(audit, plan.audit),
      ...(scalingRows === undefined ? [] : [renderScaling(scalingRows, audit)]),
      renderTargets(targetResults),
    ];
    process.stdout.write(`\n${tables.join('\n\n')}\n\n`);
    const report = {
      date: new Date().toISOString(),
      command: `npm run bench${flags.quick ? ' -- --quick' : ''}`,
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        node: process.version,
        taskset: HAS_TASKSET,
        // Other work on the machine skews every figure: recorded so a reader can tell.
        loadAverageAtStart: loadAtStart,
      },
      database: process.env.DATABASE_URL === undefined ? 'pglite' : 'postgres',
      plan,
      cells,
      idle,
      scaling: scalingRows,
      audit,
      targets: targetResults,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    writeResults('bench', report, 'latest.json');
  } finally {
    for (const target of targets) await target.stop();
    await upstream.stop();
  }
}

async function scaling() {
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  const rows = await scalingBenchmark(root, plan, log);
  const audit = await auditCell(root, plan.audit);
  process.stdout.write(`\n${renderScaling(rows, audit)}\n\n`);
  const report = {
    date: new Date().toISOString(),
    command: `npm run bench -- --scaling${flags.quick ? ' --quick' : ''}`,
    machine: { cpus: cpus().length, node: process.version, loadAverageAtStart: loadAtStart },
    timing: plan.timing,
    rounds: plan.rounds,
    scaling: rows,
    audit,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  writeResults('scaling', report);
}

async function comparison(revision) {
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  if (loadAtStart > 1)
    log(`load average ${loadAtStart.toFixed(1)}: compare CPU per call, not rates`);
  const result = await abBenchmark(root, revision, plan, log);
  process.stdout.write(`\n${renderAbTable(result)}\n\n`);
  const report = {
    date: new Date().toISOString(),
    command: `npm run bench -- --against ${revision}${flags.quick ? ' --quick' : ''}`,
    machine: { cpus: cpus().length, node: process.version, loadAverageAtStart: loadAtStart },
    database: process.env.DATABASE_URL === undefined ? 'pglite' : 'postgres',
    timing: plan.timing,
    rounds: plan.rounds,
    ...result,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  writeResults('ab', report);
}

async function federation() {
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  const figures = await federationBenchmark(root, plan, log);
  process.stdout.write(`\n${renderFederationTable(figures)}\n\n`);
  const report = {
    date: new Date().toISOString(),
    command: `npm run bench -- --federation${flags.quick ? ' --quick' : ''}`,
    machine: { cpus: cpus().length, node: process.version, loadAverageAtStart: loadAtStart },
    database: process.env.DATABASE_URL === undefined ? 'pglite' : 'postgres',
    timing: plan.timing,
    rounds: plan.rounds,
    ...figures,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  writeResults('federation', report);
}

async function knowledgeBaseSearch() {
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  const figures = await kbSearchBenchmark(root, plan, log);
  process.stdout.write(`\n${renderKbSearchTable(figures)}\n\n`);
  const report = {
    date: new Date().toISOString(),
    command: `npm run bench -- --kb${flags.quick ? ' --quick' : ''}`,
    machine: { cpus: cpus().length, node: process.version, loadAverageAtStart: loadAtStart },
    timing: plan.timing,
    rounds: plan.rounds,
    ...figures,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  writeResults('kb-search', report);
}

async function profile() {
  const profileDir = join(resultsDir, 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(profileDir, { recursive: true });
  const target = await startOurServer(root, { profileDir });
  // Samples before the load starts are boot (module loading, migrations check): left out.
  const loadFromMs = Date.now() - target.spawnedAt;
  let figures;
  try {
    figures = await steadyCell(target, 16, { warmupSec: 2, durationSec: flags.quick ? 5 : 15 });
  } finally {
    await target.stop();
  }
  log(
    `steady 16 conn under --cpu-prof: ${figures.rps.toFixed(0)} calls/s, p99 ${figures.p99} ms, failed ${figures.failed}`,
  );
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile in ${profileDir}`);
  const { functions, packages } = summarizeProfile(join(profileDir, file), { fromMs: loadFromMs });
  process.stdout.write(`\nbusy CPU under load by package, ${join(profileDir, file)}:\n`);
  for (const { name, percent } of packages) {
    process.stdout.write(`${percent.toFixed(1).padStart(5)}%  ${name}\n`);
  }
  process.stdout.write('\nself time by function:\n');
  for (const { name, percent } of functions) {
    process.stdout.write(`${percent.toFixed(1).padStart(5)}%  ${name}\n`);
  }
}

async function knowledgeBase() {
  const shape = { documents: 500, sectionsPerDocument: 20, wordsPerSection: 80 };
  const corpus = kbCorpus(shape);
  const databases = [undefined, process.env.DATABASE_URL].filter(
    (url, i) => i === 0 || url !== undefined,
  );
  const rows = [];
  for (const url of databases) {
    const row = await kbImportCell(root, corpus, url);
    log(`kb import · ${row.database}: ${row.sectionsPerSecond.toFixed(0)} sections/s`);
    rows.push(row);
  }
  process.stdout.write(`\n${renderKbImportTable(rows)}\n\n`);
  const report = {
    date: new Date().toISOString(),
    command: 'npm run bench -- --kb',
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    corpus: shape,
    rows,
  };
  writeFileSync(join(resultsDir, 'kb-latest.json'), JSON.stringify(report, null, 2));
}
