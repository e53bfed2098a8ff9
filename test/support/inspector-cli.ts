import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

import type { ProcessResult } from './spawn-server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PREFIX = join(ROOT, '.tools', 'inspector');
const INSPECTOR = '@modelcontextprotocol/inspector@2.12.0';
const LAUNCHER = join(
  PREFIX,
  'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js',
);
// The `node` npm package links its binary here; the Inspector 2.x engines require Node >= 22.19.
const NODE_22 = join(PREFIX, 'node_modules/.bin/node');
const LOCK = `${PREFIX}.lock`;
// Written after npm finished: the launcher alone may exist while another fork is mid-install.
const MARKER = join(PREFIX, '.installed-inspector-2.12.0');
// A lock older than this belongs to an install that died; a normal install takes about a minute.
const STALE_LOCK_MS = 10 * 60_000;
const INSTALL_TIMEOUT_MS = 5 * 60_000;
const RUN_TIMEOUT_MS = 60_000;

const execFileAsync = promisify(execFile);

/** The Inspector CLI as installed under `.tools/inspector` (git-ignored, never a project dependency). */
export interface InspectorInstall {
  /** Node 22 binary that runs the launcher. */
  readonly node: string;
  /** `clients/launcher/build/index.js` of `@modelcontextprotocol/inspector`. */
  readonly launcher: string;
}

const installed = (): boolean => existsSync(MARKER) && existsSync(LAUNCHER) && existsSync(NODE_22);

/**
 * Installs `node@22` and the Inspector 2.12.0 into `.tools/inspector` unless they are there.
 * Test files run in parallel forks: a lock directory (mkdir is atomic) lets one of them install
 * while the others wait for it.
 */
export async function ensureInspector(): Promise<InspectorInstall> {
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  while (!installed()) {
    if (tryLock()) {
      try {
        if (!installed()) await install();
      } finally {
        rmSync(LOCK, { recursive: true, force: true });
      }
    } else {
      if (Date.now() > deadline) throw new Error(`${LOCK} was held for too long`);
      await new Promise((done) => setTimeout(done, 1_000));
    }
  }
  return { node: NODE_22, launcher: LAUNCHER };
}

function tryLock(): boolean {
  // A fresh clone has no `.tools/` yet; the lock lives beside the install directory.
  mkdirSync(dirname(LOCK), { recursive: true });
  try {
    mkdirSync(LOCK);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (Date.now() - lockTime() > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

function lockTime(): number {
  try {
    return statSync(LOCK).mtimeMs;
  } catch {
    // Released between mkdir and stat: not stale.
    return Date.now();
  }
}

async function install(): Promise<void> {
  const args = ['install', '--prefix', PREFIX, '--no-audit', '--no-fund', 'node@22', INSPECTOR];
  try {
    await execFileAsync('npm', args, { cwd: ROOT, timeout: INSTALL_TIMEOUT_MS });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`npm ${args.join(' ')} failed:\n${stderr ?? String(error)}`, { cause: error });
  }
  writeFileSync(MARKER, '');
}

/**
 * Runs `node22 launcher <args>` to its end. HOME is a fresh temp directory: the Inspector writes
 * `~/.mcp-inspector/` (catalog, stored OAuth tokens), which must neither leak between runs nor
 * touch the developer's home.
 */
export async function runInspector(args: readonly string[]): Promise<ProcessResult> {
  const { node, launcher } = await ensureInspector();
  const home = mkdtempSync(join(tmpdir(), 'mcp-inspector-home-'));
  try {
    const child = spawn(node, [launcher, ...args], {
      cwd: home,
      env: { PATH: process.env.PATH, HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: RUN_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // 'close', not 'exit': the output pipes are drained by then.
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, stdout, stderr };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
