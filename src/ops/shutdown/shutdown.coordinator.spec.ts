import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { type INestApplication, Logger } from '@nestjs/common';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { loadConfig } from '../../config/index.js';
import { ShutdownCoordinator } from './shutdown.coordinator.js';

interface Harness {
  readonly sut: ShutdownCoordinator;
  readonly server: Server;
  readonly port: number;
  readonly events: string[];
  readonly exit: ReturnType<typeof vi.fn>;
  readonly close: ReturnType<typeof vi.fn>;
}

const cleanups: (() => void)[] = [];

beforeAll(() => Logger.overrideLogger(false));

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A server whose `/slow` requests take 300 ms and are tracked by the coordinator. */
async function setup(env: Record<string, string>, close?: () => Promise<void>): Promise<Harness> {
  const events: string[] = [];
  const exit = vi.fn((code: number) => events.push(`exit ${code}`));
  const sut = new ShutdownCoordinator(loadConfig(env), exit);
  const server = createServer((req, res) => {
    if (req.url === '/slow') {
      const done = sut.trackRequest();
      setTimeout(() => {
        res.end('slow done');
        events.push('slow finished');
        done();
      }, 300);
      return;
    }
    res.end('fast');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const appClose = vi.fn(async () => {
    events.push('app closed');
    await close?.();
  });
  const app = { close: appClose } as unknown as INestApplication;
  const uninstall = sut.installSignalHandlers(server, app);
  cleanups.push(
    uninstall,
    () => server.closeAllConnections(),
    () => server.close(),
  );
  const port = (server.address() as AddressInfo).port;
  return { sut, server, port, events, exit, close: appClose };
}

function get(port: number, path: string) {
  return new Promise<{ status: number; body: string; connection: string | undefined }>(
    (resolve, reject) => {
      const req = httpRequest({ port, path, host: '127.0.0.1' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(ShutdownCoordinator.name, () => {
  it('should drain: 503-ready at once, serve during the delay, finish in-flight, then close', async () => {
    const h = await setup({ MCP_DRAIN_DELAY_MS: '150', MCP_SHUTDOWN_GRACE_MS: '2000' });
    h.sut.onDrain(() => {
      h.events.push('streams ended');
    });
    const slow = get(h.port, '/slow');
    await sleep(20);

    process.emit('SIGTERM');
    expect(h.sut.isDraining()).toBe(true);

    const duringDelay = await get(h.port, '/fast');
    expect(duringDelay).toMatchObject({ status: 200, body: 'fast', connection: 'close' });

    await sleep(200);
    await expect(get(h.port, '/fast')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(h.close).not.toHaveBeenCalled();

    await expect(slow).resolves.toMatchObject({ status: 200, body: 'slow done' });
    await vi.waitFor(() => expect(h.exit).toHaveBeenCalled());
    expect(h.events).toEqual(['slow finished', 'streams ended', 'app closed', 'exit 0']);
  });

  it('should exit at once with 128 + signal number on a second signal', async () => {
    const h = await setup({ MCP_DRAIN_DELAY_MS: '5000' });
    process.emit('SIGTERM');
    expect(h.exit).not.toHaveBeenCalled();
    process.emit('SIGINT');
    expect(h.exit).toHaveBeenCalledWith(130);
    expect(h.close).not.toHaveBeenCalled();
  });

  it('should cut what is still running when the grace period ends, and still close', async () => {
    const h = await setup({ MCP_DRAIN_DELAY_MS: '0', MCP_SHUTDOWN_GRACE_MS: '100' });
    const slow = get(h.port, '/slow').then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code,
    );
    await sleep(20);
    const started = Date.now();
    process.emit('SIGTERM');
    await vi.waitFor(() => expect(h.exit).toHaveBeenCalledWith(0));
    expect(Date.now() - started).toBeLessThan(280);
    await expect(slow).resolves.toBe('ECONNRESET');
  });

  it('should exit 1 when closing the application fails', async () => {
    const h = await setup({ MCP_DRAIN_DELAY_MS: '0' }, () => Promise.reject(new Error('flush')));
    process.emit('SIGTERM');
    await vi.waitFor(() => expect(h.exit).toHaveBeenCalledWith(1));
  });

  it('should not wait for requests that finished, nor call unregistered stream closers', async () => {
    const h = await setup({ MCP_DRAIN_DELAY_MS: '0' });
    const done = h.sut.trackRequest();
    done();
    done();
    const closer = vi.fn();
    h.sut.onDrain(closer)();
    process.emit('SIGTERM');
    await vi.waitFor(() => expect(h.exit).toHaveBeenCalledWith(0));
    expect(closer).not.toHaveBeenCalled();
  });
});
