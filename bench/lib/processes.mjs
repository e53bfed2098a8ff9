import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** `taskset` pins each server to one core and the load generator to the other. */
export const HAS_TASKSET = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Pins this process (the load generator) to `core`; a no-op without taskset. */
export function pinSelf(core) {
  if (HAS_TASKSET)
    execFileSync('taskset', ['-cp', String(core), String(process.pid)], { stdio: 'ignore' });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node <args>` pinned to `core`, and resolves once `ready()` answers true (polled).
 * stdout/stderr are discarded unless `logFile` is given: the servers log on purpose, the cost
 * of producing the lines is part of what is measured, not of the terminal.
 */
export async function startNode({ name, args, env, core, ready, cwd, stdio = 'ignore' }) {
  const command = HAS_TASKSET ? 'taskset' : process.execPath;
  const argv = HAS_TASKSET ? ['-c', String(core), process.execPath, ...args] : args;
  const child = spawn(command, argv, { cwd, env: { ...process.env, ...env }, stdio });
  let exited;
  const exit = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve((exited = { code, signal }))),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`${name} exited early (${JSON.stringify(exited)})`);
    if (await ready().catch(() => false)) break;
    if (Date.now() > deadline) throw new Error(`${name} did not become ready within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name,
    pid: child.pid,
    rssBytes: () => rssOf(child.pid),
    cpuSeconds: () => cpuSecondsOf(child.pid),
    stop: async () => {
      if (exited === undefined) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const result = await exit;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Clock ticks per second of /proc's CPU times (USER_HZ). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds (user + system) `pid` has used, from /proc (Linux); `undefined` elsewhere.
 * `withReapedChildren` adds what its children that ended and were waited for used (cutime,
 * cstime): a Postgres backend or autovacuum worker that exits is counted in its postmaster's.
 */
export function cpuSecondsOf(pid, { withReapedChildren = false } = {}) {
  try {
    // Fields after the parenthesised command name: utime, stime, cutime and cstime are the
    // 12th to 15th (proc(5)).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    const children = withReapedChildren ? Number(fields[13]) + Number(fields[14]) : 0;
    return (own + children) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by every `postgres` process on this machine (server, backends,
 * WAL writer...): the database's share of a cell when it runs locally. Processes that ended in
 * between (a backend whose connection closed, an autovacuum worker) count through their
 * postmaster's reaped-children time. `undefined` without /proc.
 */
export function postgresCpuSeconds() {
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  let seconds = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith('postgres')) continue;
    } catch {
      continue; // ended meanwhile
    }
    seconds += cpuSecondsOf(entry, { withReapedChildren: true }) ?? 0;
  }
  return seconds;
}

/** Resident set size from /proc (Linux); `undefined` elsewhere. */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** Runs a node script to completion and returns its stdout; throws with its stderr on failure. */
export function runNode(args, env, cwd) {
  return execFileSync(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
