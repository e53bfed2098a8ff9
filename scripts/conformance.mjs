#!/usr/bin/env node
// Runs the official MCP conformance suites against a fresh fixture instance of this server.
//
//   npm run conformance                 # every suite below
//   npm run conformance -- --suite 0.1.16
//
// The runners need Node >= 22; Node 22 comes from the `node` npm package, installed with the
// runner into .tools/ (git-ignored, reused between runs). Results (checks.json per scenario)
// are kept under .conformance/<suite>/; the last line printed is `N passed, M failed`
// counting scenarios over all suites. Exit code 1 on any failed scenario.
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

const only = argValue('--suite');
const suites = SUITES.filter((suite) => !only || suite.id === only);
if (suites.length === 0)
  fail(`unknown suite ${only}; known: ${SUITES.map((s) => s.id).join(', ')}`);

run('npm', ['run', 'build', '--silent']);
const totals = { passed: 0, failed: 0 };
for (const suite of suites) {
  const { passed, failed } = await runSuite(suite);
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
  return summarize(suite.id, outDir, suite.strict === true);
}

/**
 * Scenario passes when none of its checks is a FAILURE (WARNING/INFO do not fail it), or, for a
 * `strict` suite, a FAILURE or a WARNING.
 */
function summarize(suiteId, outDir, strict) {
  let passed = 0;
  let failed = 0;
  const scenarios = {};
  for (const dir of existsSync(outDir) ? readdirSync(outDir) : []) {
    const file = join(outDir, dir, 'checks.json');
    if (!existsSync(file)) continue;
    const checks = JSON.parse(readFileSync(file, 'utf8'));
    const failures = checks.filter(
      (check) => check.status === 'FAILURE' || (strict && check.status === 'WARNING'),
    );
    const name = dir.replace(/^server-/, '').replace(/-\d[\d-]*T.*$/, '');
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
  console.log(`conformance ${suiteId}: ${passed} scenarios passed, ${failed} failed`);
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
    // Skills with nested files and a nested path, beside the knowledge base's own.
    MCP_SKILLS_DIR: join(root, 'test/fixtures/skills'),
    AUTH_REQUIRED: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    MCP_DRAIN_DELAY_MS: '0',
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
