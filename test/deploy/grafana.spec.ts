import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { collectDefaultMetrics, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

import { DEFAULT_METRIC_NAMES, METRIC_NAMES } from '../../src/metrics/metric-names.js';
import { metricNamesIn } from '../support/deploy-files.js';

/** deploy/grafana: the provisioned data source and dashboards (docs/kubernetes.md "Compose"). */
const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

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
