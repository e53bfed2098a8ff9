import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import { loadConfig } from '../../src/config/index.js';
import { HealthController } from '../../src/health/health.controller.js';
import { MetricsController } from '../../src/metrics/metrics.controller.js';
import {
  controllerRoutes,
  shutdownBudgetSeconds,
  sourceOf,
  unknownVariables,
} from '../support/deploy-files.js';
import { nginxLocationFor, nginxServers } from '../support/nginx-conf.js';

/**
 * docker-compose.yml and the files it mounts (docs/kubernetes.md "Compose"). No Docker engine
 * (nor the compose plugin) runs here, so the file is parsed and checked for what it claims: the
 * roles, Redis, the public and internal listeners, and that every script, path, port and
 * variable it references exists. The grants themselves: test/deploy/compose-roles.spec.ts.
 */
const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');
const exists = (path: string) => existsSync(resolve(root, path));
const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const HEALTH_ROUTES = controllerRoutes(HealthController, ['live', 'ready']);
const METRICS_ROUTE = controllerRoutes(MetricsController, ['index'])[0];

describe('docker-compose.yml', () => {
  interface Service {
    image?: string;
    build?: string;
    command?: string[];
    environment?: Record<string, string>;
    depends_on?: Record<string, { condition: string }> | string[];
    deploy?: { replicas?: number };
    volumes?: string[];
    healthcheck?: { test: string[] };
    stop_grace_period?: string;
    ports?: string[];
  }
  const compose = parseYaml(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, Service>;
  };
  const { services } = compose;
  const app = services.app!;
  const migrate = services.migrate!;
  const roleOf = (url: string | undefined) => new URL(url ?? 'postgres://none').username;

  it('should run Postgres 15, Redis, a one-shot migration the app waits for, and 2 app replicas', () => {
    expect(services.postgres?.image).toMatch(/^postgres:15/);
    expect(services.postgres?.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(services.redis?.image).toMatch(/^redis:/);
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(app.depends_on).toEqual({
      migrate: { condition: 'service_completed_successfully' },
      redis: { condition: 'service_healthy' },
    });
    expect(app.deploy?.replicas).toBe(2);
  });

  it('should migrate with the script npm run migrate runs', () => {
    const [node, script] = migrate.command!;
    expect(node).toBe('node');
    expect(packageJson.scripts.migrate).toContain(`node ${script}`);
    expect(exists(sourceOf(script!)), sourceOf(script!)).toBe(true);
  });

  it('should give the app and the job environments the config accepts', () => {
    for (const service of [app, migrate]) {
      expect(unknownVariables(service.environment!)).toEqual([]);
      expect(() => loadConfig(service.environment!)).not.toThrow();
    }
    expect(loadConfig(app.environment!).auth.required).toBe(true);
  });

  it('should migrate as the owner role and serve as the app role the init SQL creates', () => {
    const owner = roleOf(migrate.environment!.MIGRATION_DATABASE_URL);
    const appRole = roleOf(app.environment!.DATABASE_URL);
    expect(owner).not.toBe(appRole);
    // The migration grants the role of its DATABASE_URL: the app's.
    expect(roleOf(migrate.environment!.DATABASE_URL)).toBe(appRole);
    expect(app.environment!.MIGRATION_DATABASE_URL).toBeUndefined();
    const superuser = services.postgres!.environment!.POSTGRES_USER;
    expect([owner, appRole]).not.toContain(superuser);

    const init = services.postgres!.volumes!.find((volume) =>
      volume.includes('/docker-entrypoint-initdb.d/'),
    );
    const sql = read(init!.split(':')[0]!);
    for (const role of [owner, appRole]) expect(sql).toContain(`CREATE ROLE ${role} LOGIN`);
    expect(sql).toMatch(new RegExp(`ALTER DATABASE %I OWNER TO ${owner}`));
  });

  it('should share the rate limits of the replicas in Redis', () => {
    const redisUrl = loadConfig(app.environment!).ops.redisUrl;
    expect(new URL(redisUrl!).hostname).toBe('redis');
  });

  it('should give the app more time to stop than its drain, grace and close budget', () => {
    const seconds = Number.parseInt(app.stop_grace_period!, 10);
    expect(seconds).toBeGreaterThan(shutdownBudgetSeconds(loadConfig(app.environment!)));
  });

  it('should mount deploy files that exist', () => {
    const mounts = Object.values(services)
      .flatMap((service) => service.volumes ?? [])
      .map((volume) => volume.split(':')[0]!)
      .filter((source) => source.startsWith('./'));
    expect(mounts.length).toBeGreaterThanOrEqual(5);
    for (const source of mounts) expect(exists(source), source).toBe(true);
  });

  describe('deploy/nginx/nginx.conf', () => {
    const nginx = read('deploy/nginx/nginx.conf');
    const servers = nginxServers(nginx);
    const published = (port: number) =>
      services.lb!.ports!.find((mapping) => mapping.endsWith(`:${port}`));
    const proxied = (server: (typeof servers)[number], path: string) =>
      nginxLocationFor(server, path)?.body.startsWith('proxy_pass ') === true;
    const publicServer = servers.find((server) => !published(server.listen)!.startsWith('127.'))!;
    const internalServer = servers.find((server) => published(server.listen)!.startsWith('127.'))!;

    it('should balance over the app port without buffering', () => {
      const port = loadConfig(app.environment!).http.port;
      expect(nginx).toMatch(new RegExp(`server app:${port}\\b`));
      expect(nginx).toContain('proxy_buffering off');
      expect(servers).toHaveLength(2);
    });

    it('should route the MCP endpoints publicly, and never the admin API, health or metrics', () => {
      expect(published(publicServer.listen)).toBe(`${publicServer.listen}:${publicServer.listen}`);
      for (const path of ['/mcp', '/sse', '/messages', '/.well-known/oauth-protected-resource/mcp'])
        expect(proxied(publicServer, path), path).toBe(true);
      for (const path of [
        '/admin/',
        '/admin/api/tools',
        '/admin/api/docs',
        ...HEALTH_ROUTES,
        METRICS_ROUTE!,
      ])
        expect(proxied(publicServer, path), path).toBe(false);
    });

    it('should serve the admin API and dashboard on the internal port, bound to loopback', () => {
      expect(published(internalServer.listen)).toBe(
        `127.0.0.1:${internalServer.listen}:${internalServer.listen}`,
      );
      for (const path of ['/admin/', '/admin/api/tools'])
        expect(proxied(internalServer, path)).toBe(true);
      expect(proxied(internalServer, METRICS_ROUTE!)).toBe(false);
    });
  });

  it('should scrape every replica on the app port and metrics path', () => {
    const prometheus = parseYaml(read('deploy/prometheus/prometheus.yml')) as {
      scrape_configs: {
        job_name: string;
        metrics_path: string;
        dns_sd_configs: { names: string[]; port: number }[];
      }[];
    };
    const job = prometheus.scrape_configs[0]!;
    expect(job.metrics_path).toBe(METRICS_ROUTE);
    expect(job.dns_sd_configs[0]).toMatchObject({
      names: ['app'],
      port: loadConfig(app.environment!).http.port,
    });
  });
});
