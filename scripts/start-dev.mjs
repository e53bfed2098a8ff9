#!/usr/bin/env node
// @ts-check
// `npm run start:dev`: builds `dist/` (only what changed), migrates, and serves with pretty logs;
// on every change under src/ or migrations/ it rebuilds what changed and restarts the server
// (migrating again when a migration changed). A file that does not compile leaves the running
// server as it is. No type check here: run `npm run typecheck` (or an editor) beside it.
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';

import { buildDist } from './build/build.mjs';
import { SOURCE_DIRS } from './build/sources.mjs';

const root = resolve(import.meta.dirname, '..');
/** Editors write a file in several steps: one rebuild for all of them. */
const DEBOUNCE_MS = 100;
/** Two signals closer than this are one Ctrl-C (see {@link stop}). */
const SAME_SIGNAL_MS = 500;

/** @param {string} line */
const log = (line) => process.stderr.write(`${line}\n`);

/**
 * Development defaults under what the shell sets (README "Develop"). `MCP_DRAIN_DELAY_MS=0`: the
 * drain delay keeps serving after the stop signal so that load balancers see readiness turn 503
 * before the listener closes (README "Run on Postgres, migrate, deploy", deploy/kubernetes.md);
 * a development server has none, and every Ctrl-C and restart would wait 5 s for nothing. Set
 * here rather than by skipping the delay on SIGINT in the server: the server cannot tell a
 * person's Ctrl-C from a process manager's stop (PM2 stops with SIGINT); this script knows.
 */
const env = { LOG_FORMAT: 'pretty', MCP_DRAIN_DELAY_MS: '0', ...process.env };

/**
 * @typedef {object} ServerProcess
 * @property {import('node:child_process').ChildProcess} child
 * @property {Promise<number | null>} exited
 * @property {boolean} stopRequested
 */

/** @type {ServerProcess | undefined} the server until it has exited */
let server;
let migrationsPending = true;
let stopping = false;
let stopSignalAt = 0;
/** Cycles run one after the other. */
let cycles = Promise.resolve();

/** Builds, and when something changed (or no server runs yet), migrates and restarts. */
async function cycle() {
  let changed;
  try {
    ({ changed } = await buildDist(root, { log }));
  } catch (error) {
    log(`${error instanceof Error ? error.message : String(error)}`);
    log('start:dev: build failed; waiting for changes');
    return;
  }
  if (changed.length === 0 && server !== undefined) return;
  if (changed.some((source) => source.startsWith('migrations/'))) migrationsPending = true;
  if (server !== undefined) log(`start:dev: restarting (${changed.length} file(s) changed)`);
  await stopServer('SIGTERM');
  if (migrationsPending && !stopping) {
    const migrated = await exitOf(runNode('dist/src/cli/migrate.js', { detached: false }));
    if (migrated !== 0) {
      log('start:dev: migrate failed; waiting for changes');
      return;
    }
    migrationsPending = false;
  }
  if (!stopping) startServer();
}

function startServer() {
  // Its own process group: Ctrl-C reaches only this runner, which forwards one signal. The
  // terminal's SIGINT plus a forwarded one would be a second signal, on which the server stops
  // without finishing its shutdown (src/ops/shutdown/shutdown.coordinator.ts).
  const child = runNode('dist/src/main.js', { detached: true });
  /** @type {ServerProcess} */
  const current = { child, exited: exitOf(child), stopRequested: false };
  server = current;
  void current.exited.then((code) => {
    if (server === current) server = undefined;
    if (!current.stopRequested) log(`start:dev: the server exited (${code}); waiting for changes`);
  });
}

/**
 * @param {NodeJS.Signals} signal
 * @returns {Promise<number | null>} the server's exit code (0 when none was running)
 */
async function stopServer(signal) {
  if (server === undefined) return 0;
  server.stopRequested = true;
  server.child.kill(signal);
  return server.exited;
}

/**
 * @param {string} entry
 * @param {{ detached: boolean }} options
 */
function runNode(entry, { detached }) {
  return spawn(process.execPath, [entry], {
    cwd: root,
    env,
    detached,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** @param {import('node:child_process').ChildProcess} child */
async function exitOf(child) {
  const [code] = /** @type {[number | null]} */ (await once(child, 'exit'));
  return code;
}

function schedule() {
  cycles = cycles.then(() => (stopping ? undefined : cycle()));
}

/** @param {NodeJS.Signals} signal */
async function stop(signal) {
  const forwarded = signal === 'SIGHUP' ? 'SIGTERM' : signal;
  if (stopping) {
    // A second Ctrl-C: the server skips the rest of its shutdown too. Not npm's copy of the
    // first one, though: npm forwards the terminal's SIGINT to its script, which is this process
    // when the shell execs the command (bash does), so that copy arrives at once.
    if (performance.now() - stopSignalAt > SAME_SIGNAL_MS) server?.child.kill(forwarded);
    return;
  }
  stopping = true;
  stopSignalAt = performance.now();
  for (const watcher of watchers) watcher.close();
  clearTimeout(debounce);
  await cycles;
  process.exitCode = (await stopServer(forwarded)) ?? 1;
}

/** @type {NodeJS.Timeout | undefined} */
let debounce;
const watchers = SOURCE_DIRS.map((dir) =>
  watch(join(root, dir), { recursive: true }, () => {
    clearTimeout(debounce);
    debounce = setTimeout(schedule, DEBOUNCE_MS);
  }),
);
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => void stop(signal));
}
// Never leave a server behind holding the port and the embedded database.
process.once('exit', () => server?.child.kill('SIGKILL'));

log(`start:dev: watching ${SOURCE_DIRS.join('/ and ')}/ (Ctrl-C stops)`);
schedule();
