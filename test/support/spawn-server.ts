import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { ensureBuild } from './ensure-build.js';
import { freePort } from './free-port.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SERVER_ENTRY = resolve(ROOT, 'dist/src/main.js');
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

/** A built server running as its own process, as `npm start` runs it. */
export interface SpawnedServer {
  readonly pid: number;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `http://127.0.0.1:<port>/mcp` */
  readonly url: string;
  /** Everything the process wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Sends `signal` (SIGTERM by default) and resolves with the exit code (`null`: killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** What a process that ran to its end left behind. */
export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The process exited before `/health/live` answered. */
export class ServerExitedError extends Error {
  constructor(readonly result: ProcessResult) {
    super(`server exited with code ${result.code} before it was live:\n${result.stderr}`);
    this.name = 'ServerExitedError';
  }
}

/**
 * Built once per test file: a rebuild between two processes of one test (other files change
 * meanwhile) would compare two different servers.
 */
let built: Promise<void> | undefined;
const build = (): Promise<void> => (built ??= ensureBuild());

const children = new Set<ChildProcess>();
// A failed test must not leave servers holding ports and data-directory locks behind.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * Environment of a spawned process: the given entries over a minimal base (no inherited
 * DATABASE_URL or similar from the developer's shell), logs quiet, no drain delay.
 */
function processEnv(env: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    MCP_DRAIN_DELAY_MS: '0',
    // As in startTestApp: no seed unless the test asks for it.
    KB_SEED_ON_START: 'false',
    ...env,
  };
}

/**
 * Where processes run unless a test gives its own directory (with a `.env`): an empty directory,
 * so a developer's own `.env` in the checkout (read by every entry point) never reaches a test.
 */
const EMPTY_CWD = mkdtempSync(join(tmpdir(), 'mcp-spawn-'));

/** Where a process runs. */
interface ProcessPlace {
  readonly args?: readonly string[];
  readonly cwd?: string;
}

function start(
  entry: string,
  env: Readonly<Record<string, string>>,
  { args = [], cwd = EMPTY_CWD }: ProcessPlace = {},
): {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [entry, ...args], {
    cwd,
    env: processEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  // 'close', not 'exit': the output pipes are drained by then.
  const exited = once(child, 'close').then(([code]) => {
    children.delete(child);
    return code as number | null;
  });
  return { child, output, exited };
}

/**
 * Runs `node dist/src/cli/<name>.js <args>` (what `npm run <name>` runs after building) to its
 * end, in `options.cwd` (default: an empty directory).
 */
export async function runCli(
  name: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  options: { readonly cwd?: string } = {},
): Promise<ProcessResult> {
  await build();
  const { output, exited } = start(resolve(ROOT, `dist/src/cli/${name}.js`), env, {
    ...options,
    args,
  });
  const code = await exited;
  return { code, ...output };
}

/** Runs `node dist/src/cli/migrate.js` (what `npm run migrate` runs after building) to its end. */
export function runMigrate(
  env: Readonly<Record<string, string>>,
  options: { readonly cwd?: string } = {},
): Promise<ProcessResult> {
  return runCli('migrate', [], env, options);
}

/**
 * Starts `node dist/src/main.js` with `env` (database selection: `MCP_DATA_DIR`, or
 * `DATABASE_URL` + `DB_SCHEMA`) on `env.PORT`, else a free loopback port, in `options.cwd`, and
 * resolves once `/health/live` answers 200. Migrates first unless `migrate: false`, as
 * `npm start` does: the app never migrates on boot. Rejects with {@link ServerExitedError} when
 * the process ends before it is live.
 */
export async function spawnServer(
  env: Readonly<Record<string, string>>,
  options: { readonly migrate?: boolean; readonly cwd?: string } = {},
): Promise<SpawnedServer> {
  if (options.migrate !== false) {
    const migrated = await runMigrate(env, { cwd: options.cwd });
    if (migrated.code !== 0) {
      throw new Error(`migrate exited with ${migrated.code}: ${migrated.stderr}`);
    }
  } else {
    await build();
  }
  const port = env.PORT ?? String(await freePort());
  const { child, output, exited } = start(
    SERVER_ENTRY,
    { ...env, PORT: port },
    { cwd: options.cwd },
  );
  const origin = `http://127.0.0.1:${port}`;
  const exitedEarly = exited.then((code) => {
    throw new ServerExitedError({ code, ...output });
  });
  // Only the race below may observe it; a later, normal exit must not be an unhandled rejection.
  exitedEarly.catch(() => undefined);
  const polling = new AbortController();
  await Promise.race([waitUntilLive(origin, polling.signal), exitedEarly])
    .catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    })
    .finally(() => polling.abort());
  return {
    pid: child.pid ?? 0,
    origin,
    url: `${origin}/mcp`,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Polls until 200, the deadline, or `signal` (the process exited: nobody waits any more). */
async function waitUntilLive(origin: string, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!signal.aborted) {
    try {
      const response = await fetch(`${origin}/health/live`);
      await response.body?.cancel();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${origin}/health/live did not answer 200 in time`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
