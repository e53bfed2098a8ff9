import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { collectDefaultMetrics, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { outputsOf } from '../../scripts/build/sources.mjs';

import { loadConfig } from '../../src/config/index.js';
import { HealthController } from '../../src/health/health.controller.js';
import { DEFAULT_METRIC_NAMES, METRIC_NAMES } from '../../src/metrics/metric-names.js';
import { MetricsController } from '../../src/metrics/metrics.controller.js';
import {
  configVariables,
  controllerRoutes,
  metricNamesIn,
  nginxLocationFor,
  nginxServers,
  shutdownBudgetSeconds,
  sourceOf,
} from '../support/deploy-files.js';

/**
 * No Docker engine runs here, so the container files are checked for what they claim:
 * they parse, and every script, path, port, variable and metric name they reference exists.
 */
const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');
const exists = (path: string) => existsSync(resolve(root, path));

const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const defaults = loadConfig({});
const KNOWN_VARIABLES = configVariables();
/** Read by Node and libraries, not by our config. */
const RUNTIME_VARIABLES = new Set(['NODE_ENV']);

function expectKnownVariables(env: Record<string, unknown>): void {
  for (const name of Object.keys(env)) {
    expect(KNOWN_VARIABLES.has(name) || RUNTIME_VARIABLES.has(name), name).toBe(true);
  }
}

const HEALTH_ROUTES = controllerRoutes(HealthController, ['live', 'ready']);
const METRICS_ROUTE = controllerRoutes(MetricsController, ['index'])[0];

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile').replace(/\\\n/g, ' ');
  const instructions = dockerfile
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args = (keyword: string) =>
    instructions
      .filter((line) => line.startsWith(`${keyword} `))
      .map((line) => line.slice(keyword.length + 1).trim());

  it('should build in one stage and run a pruned, non-root image in another', () => {
    const stages = args('FROM');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:20[-.\w]* AS \w+$/);
    const runs = args('RUN').join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run build');
    expect(packageJson.scripts.build).toBeDefined();
    expect(runs).toContain('npm prune --omit=dev');
    const users = args('USER');
    expect(users.at(-1)).toBeDefined();
    expect(users.at(-1)).not.toMatch(/^(root|0)$/);
  });

  it('should copy only files that exist and that .dockerignore lets through', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim());
    const sources = args('COPY')
      .filter((copy) => !copy.startsWith('--from'))
      .flatMap((copy) => copy.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(exists(source), source).toBe(true);
      expect(ignored, source).not.toContain(source);
    }
  });

  it('should ship the knowledge-base seed: in the build context, copied into dist, dist in the image', () => {
    const seed = 'src/capabilities/knowledge-base/seed';
    expect(exists(`${seed}/docs`) && exists(`${seed}/records.json`)).toBe(true);
    // .dockerignore patterns are anchored at the context root (`docs` is ./docs only).
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    for (const pattern of ignored) {
      expect(pattern.includes('**') || `${seed}/`.startsWith(`${pattern}/`), pattern).toBe(false);
    }
    expect(args('COPY')).toContain('src ./src');
    expect(args('COPY').some((copy) => /\/app\/dist \.\/dist$/.test(copy))).toBe(true);
    expect(outputsOf(`${seed}/docs/handbook/benefits.md`)).toEqual([
      `dist/${seed}/docs/handbook/benefits.md`,
    ]);
    expect(outputsOf(`${seed}/records.json`)).toEqual([`dist/${seed}/records.json`]);
  });

  it('should start the built entry point the npm start script starts', () => {
    const cmd = JSON.parse(args('CMD').at(-1)!) as string[];
    expect(cmd[0]).toBe('node');
    expect(packageJson.scripts.start).toBe(cmd.join(' '));
    expect(exists(sourceOf(cmd[1]!)), sourceOf(cmd[1]!)).toBe(true);
  });

  it('should expose the default port and probe liveness with node alone', () => {
    expect(args('EXPOSE')).toEqual([String(defaults.http.port)]);
    const healthcheck = args('HEALTHCHECK').join(' ');
    expect(healthcheck).toContain('CMD ["node"');
    expect(healthcheck).not.toMatch(/curl|wget/);
    expect(healthcheck).toContain(HEALTH_ROUTES[0]);
  });

  it('should set only variables the config knows', () => {
    const env = Object.fromEntries(
      args('ENV')
        .join(' ')
        .split(/\s+/)
        .map((pair) => pair.split('=') as [string, string]),
    );
    expectKnownVariables(env);
    expect(env.PORT).toBe(String(defaults.http.port));
  });
});

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
      expectKnownVariables(service.environment!);
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

describe('Grafana provisioning', () => {
  interface Dashboard {
    uid: string;
    title: string;
    panels: { datasource: { uid: string }; targets: { expr: string }[] }[];
  }
  const datasources = parseYaml(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as {
    datasources: { uid: string; url: string }[];
  };
  const providers = parseYaml(read('deploy/grafana/provisioning/dashboards/dashboards.yml')) as {
    providers: { options: { path: string } }[];
  };
  const folder = 'deploy/grafana/dashboards';
  const dashboards = readdirSync(resolve(root, folder))
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(read(`${folder}/${file}`)) as Dashboard);
  const expressions = dashboards.flatMap((dashboard) =>
    dashboard.panels.flatMap((panel) => panel.targets.map((t) => t.expr)),
  );

  it('should load dashboards from where compose mounts them, on the provisioned data source', () => {
    const compose = read('docker-compose.yml');
    expect(compose).toContain(`./${folder}:${providers.providers[0]!.options.path}`);
    const uid = datasources.datasources[0]!.uid;
    for (const dashboard of dashboards)
      for (const panel of dashboard.panels) expect(panel.datasource.uid, dashboard.uid).toBe(uid);
    expect(new Set(dashboards.map((dashboard) => dashboard.uid)).size).toBe(dashboards.length);
  });

  it('should have a dashboard for calls, approvals and the audit log', () => {
    const titles = dashboards.map((dashboard) => dashboard.title);
    expect(titles).toEqual(expect.arrayContaining(['MCP calls', 'MCP approvals', 'MCP audit log']));
  });

  it('should chart only metrics the server exports, and every one of them', () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const defaultNames = new Set(registry.getMetricsAsArray().map((metric) => metric.name));
    for (const name of Object.values(DEFAULT_METRIC_NAMES))
      expect(defaultNames, name).toContain(name);

    const exported = new Set<string>([
      ...Object.values(METRIC_NAMES),
      ...Object.values(DEFAULT_METRIC_NAMES),
      'up', // Prometheus' own per-target series
    ]);
    const charted = new Set(expressions.flatMap(metricNamesIn));
    for (const name of charted) expect(exported, name).toContain(name);
    for (const name of Object.values(METRIC_NAMES)) expect(charted, name).toContain(name);
  });
});
