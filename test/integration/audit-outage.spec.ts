import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { AuditUnavailableError } from '../../src/audit/audit-log.js';
import { PostgresAuditLog } from '../../src/audit/postgres-audit-log.js';
import { loadConfig } from '../../src/config/app-config.js';
import type { McpMetrics } from '../../src/metrics/mcp-metrics.service.js';
import type { DatabaseCloser } from '../../src/persistence/database-closer.service.js';
import { startEmbeddedPostgres } from '../../src/persistence/embedded-postgres.js';
import { runMigrations } from '../../src/persistence/run-migrations.js';
import { buildDataSourceOptions } from '../../src/persistence/typeorm-options.js';
import { echoCallStarted } from '../support/audit-entries.js';
import { describeEachDatabase } from '../support/database.js';

const closer = { beforeClose: () => undefined } as unknown as DatabaseCloser;

/** Forwards loopback TCP to `target`; `kill()` closes the listener and cuts every connection. */
async function startProxy(target: URL): Promise<{ url: string; kill(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket().connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(target);
  proxied.hostname = '127.0.0.1';
  proxied.port = String((server.address() as AddressInfo).port);
  return {
    url: proxied.toString(),
    kill: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

describeEachDatabase('PostgresAuditLog when the database goes away', (tier) => {
  let dataSource: DataSource;
  let serverGone: () => Promise<void>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (tier === 'postgres') {
      const config = loadConfig({
        DATABASE_URL: process.env.TEST_DATABASE_URL,
        DB_SCHEMA: `t_${randomUUID().slice(0, 8)}`,
      }).database;
      const proxy = await startProxy(new URL(config.url as string));
      dataSource = new DataSource(
        buildDataSourceOptions(config, { url: proxy.url, embedded: false }),
      );
      serverGone = proxy.kill;
      cleanup = async () => {
        const direct = new DataSource(
          buildDataSourceOptions(config, { url: config.url as string, embedded: false }),
        );
        await direct.initialize();
        await direct.query(`DROP SCHEMA IF EXISTS "${config.schema}" CASCADE`);
        await direct.destroy();
      };
    } else {
      const dataDir = await mkdtemp(join(tmpdir(), 'mcp-outage-'));
      const config = loadConfig({ MCP_DATA_DIR: dataDir }).database;
      const embedded = await startEmbeddedPostgres(dataDir, config.schema);
      dataSource = new DataSource(
        buildDataSourceOptions(config, { url: embedded.url, embedded: true }),
      );
      serverGone = embedded.stop;
      cleanup = () => rm(dataDir, { recursive: true, force: true });
    }
    await dataSource.initialize();
    await runMigrations(dataSource);
  });

  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await cleanup();
  });

  it('should reject started rows quickly, and the process should survive the dropped connections', async () => {
    let failedWrites = 0;
    const metrics = {
      auditWrite: () => undefined,
      auditQueueDepth: () => undefined,
      auditWriteFailed: () => (failedWrites += 1),
    } as unknown as McpMetrics;
    const sut = new PostgresAuditLog(dataSource, closer, loadConfig({}), metrics);
    await sut.recordStarted(echoCallStarted());

    await serverGone();
    const begun = Date.now();
    await expect(sut.recordStarted(echoCallStarted())).rejects.toBeInstanceOf(
      AuditUnavailableError,
    );
    expect(Date.now() - begun).toBeLessThan(2_000);
    expect(sut.stats).toMatchObject({ statements: 1, failedStatements: 1 });
    // What the McpServerAuditUnavailable alert reads (docs/kubernetes.md "Alerts").
    expect(failedWrites).toBe(1);
  });
});
