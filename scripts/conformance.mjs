#!/usr/bin/env node
// Runs the official MCP conformance suites against a fresh fixture instance of this server,
// and their client scenarios against our federation client (the upstream client, through
// dist/src/cli/upstream-conformance-client.js; docs/federation-client.md "Conformance").
//
//   npm run conformance                 # every suite below
//   npm run conformance -- --suite 0.1.16
//   npm run conformance -- --suite client-alpha-2026-07-28
//
// The runners need Node >= 22; Node 22 comes from the `node` npm package, installed with the
// runner into .tools/ (git-ignored, reused between runs). Results (checks.json per scenario)
// are kept under .conformance/<suite>/; the last line printed is `N passed, M failed`
// counting scenarios over all suites, server and client. Client scenarios our client cannot
// support by design are listed in CLIENT_EXCLUSIONS (with the reason, also in the doc) and
// counted as neither. Exit code 1 on any failed scenario.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
// The SEP-2640 skills scenarios sit outside the spec timeline: they run one by one, on the
// 2026-07-28 stateless wire by default and on 2025-11-25 sessions with --spec-version and
// --force; a WARNING fails them too (docs/skills.md "Conformance").
const SKILLS_SCENARIOS = [
  'sep-2640-skills-enumeration',
  'sep-2640-skills-manifest',
  'sep-2640-skills-directory',
];
const SUITES = [
  { id: '0.1.16', pkg: '0.1.16', args: ['--suite', 'all'] },
  { id: 'alpha-2026-07-28', pkg: '0.2.0-alpha.12', args: ['--requirements', '2026-07-28'] },
  { id: 'alpha-2025-11-25', pkg: '0.2.0-alpha.12', args: ['--requirements', '2025-11-25'] },
  {
    id: 'skills-2026-07-28',
    pkg: '0.2.0-alpha.12',
    args: [],
    scenarios: SKILLS_SCENARIOS,
    strict: true,
  },
  {
    id: 'skills-2025-11-25',
    pkg: '0.2.0-alpha.12',
    args: ['--spec-version', '2025-11-25', '--force'],
    scenarios: SKILLS_SCENARIOS,
    strict: true,
  },
];

const CLIENT_SUITES = [
  { id: 'client-0.1.16', pkg: '0.1.16', args: ['--suite', 'all'] },
  { id: 'client-alpha-2025-11-25', pkg: '0.2.0-alpha.12', args: ['--requirements', '2025-11-25'] },
  { id: 'client-alpha-2026-07-28', pkg: '0.2.0-alpha.12', args: ['--requirements', '2026-07-28'] },
];
const CLIENT_COMMAND = `${process.execPath} dist/src/cli/upstream-conformance-client.js`;

/** Client scenarios outside what an upstream client of a gateway does (docs/federation-client.md). */
const ELICITATION =
  'upstream input requests (elicitation, MRTR input_required) are not relayed to our callers; the client declares no elicitation capability';
const CLIENT_EXCLUSIONS = {
  'elicitation-sep1034-client-defaults': ELICITATION,
  'sep-2322-client-request-state': ELICITATION,
  'auth/client-credentials-jwt':
    'private_key_jwt client authentication is not an upstream credential type (client_secret_basic only)',
  'auth/enterprise-managed-authorization':
    'ID-JAG (enterprise-managed authorization) is not an upstream credential type',
  'auth/cross-app-access-complete-flow':
    'ID-JAG (cross-app access) is not an upstream credential type',
  'auth/2025-03-26-oauth-metadata-backcompat':
    "runner 0.1.16's authorization server metadata names another issuer than its URL; the SDK client refuses it as RFC 8414 §3.3 requires (a 2025-03-26 scenario, in neither requirement set of the alpha runner)",
  'auth/dpop': 'DPoP-bound tokens are not supported for upstreams',
  'auth/dpop-nonce': 'DPoP-bound tokens are not supported for upstreams',
  'auth/wif-jwt-bearer': 'workload identity (JWT bearer grant) is not an upstream credential type',
};

/**
 * Client scenarios that time the client against a tolerance of a few hundred milliseconds
 * (`sse-retry`: the reconnection after the SSE `retry` field). The runner starts every scenario
 * at once, and on a two-core machine the other clients' start-up can delay one past its
 * tolerance, so these are measured again alone, and that run is the one counted.
 */
const TIMED_CLIENT_SCENARIOS = ['sse-retry'];

const only = argValue('--suite');
const suites = [...SUITES, ...CLIENT_SUITES].filter((suite) => !only || suite.id === only);
if (suites.length === 0)
  fail(
    `unknown suite ${only}; known: ${[...SUITES, ...CLIENT_SUITES].map((s) => s.id).join(', ')}`,
  );

run('npm', ['run', 'build', '--silent']);
const totals = { passed: 0, failed: 0 };
for (const suite of suites) {
  const { passed, failed } = CLIENT_SUITES.includes(suite)
    ? runClientSuite(suite)
    : await runSuite(suite);
  totals.passed += passed;
  totals.failed += failed;
}
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);

async function runSuite(suite) {
  const runner = installRunner(suite.pkg);
  const outDir = join(root, '.conformance', suite.id);
  rmSync(outDir, { recursive: true, force: true });
  const server = await startFixtureServer();
  try {
    const runs = (suite.scenarios ?? [undefined]).map((scenario) =>
      scenario === undefined ? suite.args : ['--scenario', scenario, ...suite.args],
    );
    for (const args of runs) {
      console.log(`\n=== conformance ${suite.id} (${args.join(' ')}) ===`);
      spawnSync(runner.node, [runner.cli, 'server', '--url', server.url, ...args, '-o', outDir], {
        stdio: 'inherit',
        cwd: root,
      });
    }
  } finally {
    await server.stop();
  }
  return summarize(suite.id, outDir, { strict: suite.strict === true });
}

function runClientSuite(suite) {
  const runner = installRunner(suite.pkg);
  const outDir = join(root, '.conformance', suite.id);
  rmSync(outDir, { recursive: true, force: true });
  console.log(`\n=== conformance ${suite.id} (client ${suite.args.join(' ')}) ===`);
  spawnSync(
    runner.node,
    // The runner starts every scenario at once: on a small machine a client needs more than
    // the default 30 s to get its turn.
    [
      runner.cli,
      'client',
      '--command',
      CLIENT_COMMAND,
      ...suite.args,
      '--timeout',
      '180000',
      '-o',
      outDir,
    ],
    { stdio: 'inherit', cwd: root },
  );
  for (const scenario of TIMED_CLIENT_SCENARIOS) rerunAlone(runner, outDir, suite.id, scenario);
  return summarize(suite.id, outDir, { exclusions: CLIENT_EXCLUSIONS });
}

/**
 * Scenario passes when none of its checks is a FAILURE (WARNING/INFO do not fail it), or, for a
 * `strict` suite, a FAILURE or a WARNING. Results are `<scenario>-<timestamp>/checks.json`,
 * client auth scenarios one folder deeper (`auth/…`).
 */
/** Replaces the results of `scenario` in `outDir`, if the suite ran it, with a run of it alone. */
function rerunAlone(runner, outDir, suiteId, scenario) {
  const previous = existsSync(outDir)
    ? readdirSync(outDir).filter((name) => name.startsWith(`${scenario}-`))
    : [];
  if (previous.length === 0) return;
  for (const name of previous) rmSync(join(outDir, name), { recursive: true, force: true });
  console.log(`\n=== conformance ${suiteId} (client --scenario ${scenario}, alone) ===`);
  spawnSync(
    runner.node,
    [
      runner.cli,
      'client',
      '--command',
      CLIENT_COMMAND,
      '--scenario',
      scenario,
      '--timeout',
      '180000',
      '-o',
      outDir,
    ],
    { stdio: 'inherit', cwd: root },
  );
}

function summarize(suiteId, outDir, { exclusions = {}, strict = false } = {}) {
  let passed = 0;
  let failed = 0;
  const scenarios = {};
  const files = existsSync(outDir)
    ? readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((path) =>
        path.endsWith('checks.json'),
      )
    : [];
  for (const path of files) {
    const file = join(outDir, path);
    const checks = JSON.parse(readFileSync(file, 'utf8'));
    const failures = checks.filter(
      (check) => check.status === 'FAILURE' || (strict && check.status === 'WARNING'),
    );
    const name = path
      .replace(/\/checks\.json$/, '')
      .replace(/^server-/, '')
      .replace(/-\d[\d-]*T.*$/, '');
    if (exclusions[name] !== undefined) {
      scenarios[name] = `excluded: ${exclusions[name]}`;
      continue;
    }
    scenarios[name] = failures.length === 0 ? 'passed' : failures.map((check) => check.id);
    if (failures.length === 0) passed += 1;
    else {
      failed += 1;
      for (const check of failures) {
        console.log(
          `  FAILED ${name} :: ${check.id} ${check.errorMessage ?? check.description ?? ''}`,
        );
      }
    }
  }
  if (passed + failed === 0) {
    console.log(`  no scenario results were written for ${suiteId}`);
    failed = 1;
  }
  writeFileSync(
    join(outDir, 'summary.json'),
    JSON.stringify({ passed, failed, scenarios }, null, 2),
  );
  const excluded = Object.values(scenarios).filter((result) =>
    String(result).startsWith('excluded'),
  ).length;
  console.log(
    `conformance ${suiteId}: ${passed} scenarios passed, ${failed} failed` +
      (excluded === 0 ? '' : `, ${excluded} excluded`),
  );
  return { passed, failed };
}

function installRunner(version) {
  const prefix = join(root, '.tools', `conformance-${version === '0.1.16' ? '0.1.16' : 'alpha'}`);
  const cli = join(prefix, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
  const node = join(prefix, 'node_modules/.bin/node');
  if (!existsSync(cli) || !existsSync(node)) {
    run('npm', [
      'install',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      'node@22',
      `@modelcontextprotocol/conformance@${version}`,
    ]);
  }
  return { cli, node };
}

async function startFixtureServer() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'mcp-conformance-'));
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    MCP_DATA_DIR: dataDir,
    MCP_CONFORMANCE_FIXTURES: 'true',
    AUTH_REQUIRED: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    MCP_DRAIN_DELAY_MS: '0',
    // Skills with nested files and a nested path, beside the knowledge base's own.
    MCP_SKILLS_DIR: join(root, 'test/fixtures/skills'),
  };
  delete env.DATABASE_URL;
  run('node', ['dist/src/cli/migrate.js'], env);
  const child = spawn('node', ['dist/src/main.js'], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/mcp`;
  await waitForHttp(`http://127.0.0.1:${port}/health/live`, child);
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitForHttp(url, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail(`server exited with ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  fail(`server did not become ready at ${url}`);
}

function freePort() {
  return new Promise((done, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status}`);
}

function argValue(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

function fail(message) {
  console.error(`conformance: ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
