import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ensureBuild } from '../support/ensure-build.js';
import { freePort } from '../support/free-port.js';
import { recordOpsFigures } from '../support/ops-figures.js';
import { type RawAnswer, RawMcpSession } from '../support/raw-mcp-client.js';

const root = resolve(import.meta.dirname, '../..');
const DRAIN_DELAY_MS = 2_000;
/**
 * How long before the listener closes the test's "load balancer" stops routing new calls. A
 * connection still in the kernel's accept queue when the listener closes is reset (that is
 * what the drain delay is for), so the margin covers a slow accept on a busy machine.
 */
const ROUTING_STOPS_BEFORE_CLOSE_MS = 500;
const LOAD_WORKERS = 8;

interface Outcome {
  readonly ok: boolean;
  readonly answer?: RawAnswer;
  readonly error?: unknown;
  readonly finishedAt: number;
}

async function attempt(call: () => Promise<RawAnswer>, expected: string): Promise<Outcome> {
  try {
    const answer = await call();
    const ok = answer.status === 200 && answer.body.includes(expected);
    return { ok, answer, finishedAt: performance.now() };
  } catch (error) {
    return { ok: false, error, finishedAt: performance.now() };
  }
}

describe('ops: SIGTERM under load (built server)', () => {
  let database: TestDatabase;
  let child: ChildProcess;
  let origin: string;
  let exit: Promise<number | null>;

  beforeAll(async () => {
    await ensureBuild();
    database = await createTestDatabase('pglite', { open: false });
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        ...database.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        MCP_CONFORMANCE_FIXTURES: 'true',
        MCP_DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
        MCP_SHUTDOWN_GRACE_MS: '10000',
        MCP_RATE_LIMIT_PER_PRINCIPAL: '0',
        MCP_RATE_LIMIT_PER_TOOL: '0',
        MCP_RATE_LIMIT_GLOBAL: '0',
      },
    });
    exit = new Promise((done) => child.once('exit', (code) => done(code)));
    for (let tries = 0; ; tries += 1) {
      const ready = await fetch(`${origin}/health/ready`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ready) break;
      if (tries > 600) throw new Error('the server did not become ready');
      await sleep(100);
    }
  }, 300_000);

  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await database?.cleanup();
  });

  it('should finish the slow call and every other accepted call, then exit 0', async () => {
    const url = `${origin}/mcp`;
    const sessions = await Promise.all(
      Array.from({ length: LOAD_WORKERS + 1 }, () => RawMcpSession.open(url)),
    );
    const slowSession = sessions[LOAD_WORKERS] as RawMcpSession;
    let routing = true;
    const outcomes: Outcome[] = [];
    const load = sessions.slice(0, LOAD_WORKERS).map(async (session, worker) => {
      for (let i = 0; routing; i += 1) {
        const message = `w${worker}-${i}`;
        outcomes.push(await attempt(() => session.callTool('echo', { message }), message));
      }
    });
    const slowDone = 'Tool with progress executed successfully';
    const slowCalls: Promise<Outcome>[] = [];
    const slowLoop = (async () => {
      while (routing) {
        const call = attempt(() => slowSession.callTool('test_tool_with_progress'), slowDone);
        slowCalls.push(call);
        await call;
      }
    })();
    await sleep(500);

    // The slow loop always has one call running: this one is in flight when SIGTERM arrives.
    const slowAtSigterm = slowCalls.at(-1) as Promise<Outcome>;
    const sigtermAt = performance.now();
    child.kill('SIGTERM');
    let readinessDownAt: number | undefined;
    let exited = false;
    void exit.then(() => (exited = true));
    const poller = (async () => {
      while (readinessDownAt === undefined && !exited) {
        const status = await fetch(`${origin}/health/ready`).then(
          (r) => r.status,
          () => 0,
        );
        if (status === 503) readinessDownAt = performance.now();
        else await sleep(10);
      }
    })();

    await sleep(DRAIN_DELAY_MS - ROUTING_STOPS_BEFORE_CLOSE_MS);
    routing = false;
    await Promise.all([...load, slowLoop, poller]);
    const slow = await slowAtSigterm;
    const code = await exit;
    const exitedAt = performance.now();
    const afterClose = await fetch(`${origin}/health/live`).then(
      () => 'answered',
      () => 'refused',
    );

    const all = [...outcomes, ...(await Promise.all(slowCalls))];
    const failed = all.filter((outcome) => !outcome.ok);
    recordOpsFigures('sigterm', {
      drainDelayMs: DRAIN_DELAY_MS,
      readinessDownAfterMs: Math.round((readinessDownAt ?? Number.NaN) - sigtermAt),
      drainTimeMs: Math.round(exitedAt - sigtermAt),
      requestsDuringTest: all.length,
      failedRequests: failed.length,
      slowCallFinishedAfterSigtermMs: Math.round(slow.finishedAt - sigtermAt),
      exitCode: code,
    });
    const describeFailure = (outcome: Outcome) =>
      outcome.answer?.status ??
      `${String(outcome.error)} ${String((outcome.error as Error).cause)}`;
    expect(failed.map(describeFailure)).toEqual([]);
    expect(slow.ok).toBe(true);
    expect(slow.finishedAt).toBeGreaterThan(sigtermAt);
    expect(readinessDownAt! - sigtermAt).toBeLessThan(DRAIN_DELAY_MS);
    expect(outcomes.length).toBeGreaterThanOrEqual(LOAD_WORKERS);
    expect(code).toBe(0);
    expect(afterClose).toBe('refused');
  }, 60_000);
});
