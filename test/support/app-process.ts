import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

import { freePort } from './free-port.js';

const ENTRY = resolve(import.meta.dirname, '../../dist/src/main.js');

/** One `node dist/src/main.js` process (what `npm start` runs after migrating). */
export interface AppProcess {
  readonly origin: string;
  readonly url: string;
  /** stderr and stdout so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Spawns the built server with `env` on a free port and waits until it is live. */
export async function spawnApp(env: Readonly<Record<string, string>>): Promise<AppProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      MCP_DRAIN_DELAY_MS: '0',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    const live = await fetch(`${origin}/health/live`).then(
      (response) => response.ok,
      () => false,
    );
    if (live) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not live within 30 s:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    origin,
    url: `${origin}/mcp`,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
