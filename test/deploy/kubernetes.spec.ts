import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/config/index.js';
import { HealthController } from '../../src/health/health.controller.js';
import { METRIC_NAMES } from '../../src/metrics/metric-names.js';
import {
  controllerRoutes,
  metricNamesIn,
  shutdownBudgetSeconds,
  unknownVariables,
} from '../support/deploy-files.js';
import { find, type KubernetesObject, render, validate } from '../support/kubernetes-objects.js';

/**
 * The Kustomize overlays under deploy/kubernetes (docs/kubernetes.md): every overlay renders
 * offline, every object is valid against its schema, and the security properties the docs
 * promise hold in what is rendered.
 */
const OVERLAYS = ['dev', 'production'] as const;
const packageJson = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8'),
) as { scripts: Record<string, string> };
const [LIVE, READY] = controllerRoutes(HealthController, ['live', 'ready']) as [string, string];
/** Variables that hold credentials: only ever from a Secret. */
const SECRET_VARIABLES = [
  'DATABASE_URL',
  'MIGRATION_DATABASE_URL',
  'REDIS_URL',
  'MCP_STATE_SECRET',
];
/** Series the alerts may read besides the server's own: Prometheus' and kube-state-metrics'. */
const FOREIGN_SERIES = new Set(['up', 'kube_pod_status_ready']);

type PodTemplateOwner = IDeployment | IJob;
const podOf = (owner: PodTemplateOwner): IPodSpec => owner.spec!.template.spec!;
const labelsMatch = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** The environment a container starts with: its ConfigMap, its literals, secrets as stand-ins. */
function environmentOf(pod: IPodSpec, objects: KubernetesObject[]): Record<string, string> {
  const container = pod.containers[0]!;
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    Object.assign(env, find<IConfigMap>(objects, 'ConfigMap', source.configMapRef!.name).data);
  }
  for (const variable of container.env ?? []) {
    env[variable.name] =
      variable.value ??
      (variable.name.endsWith('_URL') ? 'postgres://stand-in@db/mcp' : 'x'.repeat(32));
  }
  if (env.REDIS_URL !== undefined) env.REDIS_URL = 'redis://redis:6379';
  return env;
}

for (const overlay of OVERLAYS) {
  describe(`deploy/kubernetes/overlays/${overlay}`, () => {
    const app = render(`deploy/kubernetes/overlays/${overlay}`);
    const migration = render(`deploy/kubernetes/overlays/${overlay}/migration`);
    const deployment = find<IDeployment>(app, 'Deployment', 'mcp-server');
    const job = find<IJob>(migration, 'Job');
    const pod = podOf(deployment);
    const container = pod.containers[0]!;
    const env = environmentOf(pod, app);

    it('should render objects that are valid against the Kubernetes and CRD schemas', () => {
      const kinds = app.map((object) => object.kind);
      for (const kind of [
        'Deployment',
        'Service',
        'Ingress',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'NetworkPolicy',
        'ServiceMonitor',
        'PrometheusRule',
      ]) {
        expect(kinds, kind).toContain(kind);
      }
      for (const object of [...app, ...migration]) {
        expect(() => validate(object), `${object.kind}/${object.metadata.name}`).not.toThrow();
        expect(object.metadata.namespace, object.metadata.name).toBe(
          deployment.metadata!.namespace,
        );
      }
    });

    it('should run every container non-root, read-only, without capabilities, under seccomp', () => {
      for (const owner of [deployment, job]) {
        const spec = podOf(owner);
        expect(spec.securityContext?.runAsNonRoot).toBe(true);
        expect(spec.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
        expect(spec.automountServiceAccountToken).toBe(false);
        for (const each of spec.containers) {
          expect(each.securityContext).toMatchObject({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          });
          expect(each.resources?.requests).toBeDefined();
          expect(each.resources?.limits?.memory).toBeDefined();
          const emptyDirs = new Set(
            (spec.volumes ?? []).filter((volume) => volume.emptyDir).map((volume) => volume.name),
          );
          for (const mount of each.volumeMounts ?? []) expect(emptyDirs).toContain(mount.name);
        }
      }
    });

    it('should probe the health routes the server serves', () => {
      const httpPort = container.ports!.find((port) => port.name === 'http')!.containerPort;
      expect(httpPort).toBe(loadConfig(env).http.port);
      expect(container.startupProbe?.httpGet).toEqual({ path: LIVE, port: 'http' });
      expect(container.livenessProbe?.httpGet).toEqual({ path: LIVE, port: 'http' });
      expect(container.readinessProbe?.httpGet).toEqual({ path: READY, port: 'http' });
      // The readiness check answers within about 1 s even when Postgres hangs.
      expect(container.readinessProbe?.timeoutSeconds).toBeGreaterThan(1);
    });

    it('should give a stopping pod more time than preStop, drain, grace and close take', () => {
      const [sleep, seconds] = container.lifecycle!.preStop!.exec!.command!;
      expect(sleep).toBe('sleep');
      const budget = Number(seconds) + shutdownBudgetSeconds(loadConfig(env));
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(budget);
    });

    it('should start with a configuration the server accepts, auth required', () => {
      expect(unknownVariables(env)).toEqual([]);
      const config = loadConfig(env);
      expect(config.auth.required).toBe(true);
      expect(config.ops.metricsPort).toBe(
        container.ports!.find((port) => port.name === 'metrics')!.containerPort,
      );
    });

    it('should take credentials from Secrets only, the owner role in the migration Job only', () => {
      for (const owner of [deployment, job]) {
        for (const variable of podOf(owner).containers[0]!.env ?? []) {
          if (!SECRET_VARIABLES.includes(variable.name)) continue;
          expect(variable.value, variable.name).toBeUndefined();
          expect(variable.valueFrom?.secretKeyRef?.name, variable.name).toBeDefined();
        }
      }
      for (const configMap of app.filter((object) => object.kind === 'ConfigMap')) {
        const keys = Object.keys((configMap as IConfigMap).data ?? {});
        for (const name of SECRET_VARIABLES) expect(keys).not.toContain(name);
      }
      const names = (owner: PodTemplateOwner) =>
        (podOf(owner).containers[0]!.env ?? []).map((variable) => variable.name);
      expect(names(deployment)).toContain('DATABASE_URL');
      expect(names(deployment)).not.toContain('MIGRATION_DATABASE_URL');
      expect(names(job)).toEqual(
        expect.arrayContaining(['MIGRATION_DATABASE_URL', 'DATABASE_URL']),
      );
    });

    it('should migrate in a Job, with the image and script of npm run migrate', () => {
      const [migrate] = podOf(job).containers;
      expect(migrate!.image).toBe(container.image);
      expect(packageJson.scripts.migrate).toContain(migrate!.command!.join(' '));
      expect(podOf(job).restartPolicy).toBe('Never');
      const jobEnv = environmentOf(podOf(job), migration);
      expect(unknownVariables(jobEnv)).toEqual([]);
      expect(loadConfig(jobEnv).database.migrationUrl).toBeDefined();
      expect(deployment.spec!.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
    });

    it('should archive the audit log monthly as the owner, with a signing key only it reads', () => {
      const cron = find<ICronJob>(migration, 'CronJob', 'mcp-server-audit-archive');
      const pod = cron.spec.jobTemplate.spec!.template.spec!;
      const [archive] = pod.containers;
      expect(cron.spec.concurrencyPolicy).toBe('Forbid');
      expect(archive!.image).toBe(container.image);
      expect(packageJson.scripts['audit:archive']).toContain(archive!.command!.join(' '));
      const archiveEnv = environmentOf(pod, migration);
      expect(unknownVariables(archiveEnv)).toEqual([]);
      expect(loadConfig(archiveEnv).database.migrationUrl).toBeDefined();
      const keySecret = pod.volumes!.find((volume) => volume.secret !== undefined)!;
      expect(keySecret.secret!.secretName).toBe('mcp-server-audit-archive-key');
      expect(podOf(deployment).volumes!.map((volume) => volume.secret?.secretName)).not.toContain(
        'mcp-server-audit-archive-key',
      );
      const claim = pod.volumes!.find((volume) => volume.persistentVolumeClaim !== undefined)!;
      expect(
        find<KubernetesObject>(
          migration,
          'PersistentVolumeClaim',
          claim.persistentVolumeClaim!.claimName,
        ).kind,
      ).toBe('PersistentVolumeClaim');
      const policy = find<INetworkPolicy>(migration, 'NetworkPolicy', 'mcp-server-migrate');
      const component = policy.spec!.podSelector!.matchExpressions!.find(
        (expression) => expression.key === 'app.kubernetes.io/component',
      );
      expect(component!.values).toEqual(expect.arrayContaining(['migration', 'audit-archive']));
    });

    it('should route only the MCP endpoints publicly, never /admin, /health or /metrics', () => {
      const ingress = find<IIngress>(app, 'Ingress');
      const paths = ingress.spec!.rules!.flatMap((rule) => rule.http!.paths);
      expect(paths.map((path) => path.path)).toEqual(
        expect.arrayContaining(['/mcp', '/sse', '/messages']),
      );
      for (const { path, pathType } of paths) {
        for (const internal of ['/admin/', '/admin/api/tools', LIVE, READY, '/metrics']) {
          const routed = pathType === 'Exact' ? path === internal : internal.startsWith(path!);
          expect(routed, `${path} routes ${internal}`).toBe(false);
        }
      }
      for (const { backend } of paths) expect(backend.service?.name).toBe('mcp-server');
    });

    it('should select the server pods, and only them, from every Service, the PDB and the policy', () => {
      const podLabels = deployment.spec!.template.metadata!.labels!;
      const jobLabels = job.spec!.template.metadata!.labels!;
      const selectors = [
        ...app.filter((o) => o.kind === 'Service').map((o) => (o as IService).spec!.selector!),
        find<IPodDisruptionBudget>(app, 'PodDisruptionBudget').spec!.selector!.matchLabels!,
        find<INetworkPolicy>(app, 'NetworkPolicy', 'mcp-server').spec!.podSelector!.matchLabels!,
      ];
      for (const selector of selectors) {
        expect(labelsMatch(selector, podLabels)).toBe(true);
        expect(labelsMatch(selector, jobLabels)).toBe(false);
      }
      // The admin tooling the policy admits is selected by its own label only.
      const policy = find<INetworkPolicy>(app, 'NetworkPolicy', 'mcp-server');
      const peers = (policy.spec!.ingress ?? []).flatMap((rule) => rule.from ?? []);
      const peerSelectors = peers.flatMap((peer) =>
        peer.podSelector?.matchLabels === undefined ? [] : [peer.podSelector.matchLabels],
      );
      expect(peerSelectors).toEqual([{ 'enterprise-mcp/admin-client': 'true' }]);
      const hpa = find<IHorizontalPodAutoscaler>(app, 'HorizontalPodAutoscaler');
      expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'mcp-server' });
      // The autoscaler owns the replica count: an apply of the Deployment must not reset it.
      expect(deployment.spec!.replicas).toBeUndefined();
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(1);
    });

    it('should scrape the metrics port and alert on series the server exports', () => {
      const monitor = find<IServiceMonitor>(app, 'ServiceMonitor');
      const scraped = app.filter(
        (o) =>
          o.kind === 'Service' &&
          labelsMatch(monitor.spec.selector.matchLabels!, o.metadata.labels ?? {}),
      ) as IService[];
      expect(scraped).toHaveLength(1);
      const port = scraped[0]!.spec!.ports!.find((p) => p.name === monitor.spec.endpoints[0]!.port);
      expect(port?.targetPort).toBe('metrics');

      const rules = find<IPrometheusRule>(app, 'PrometheusRule').spec.groups!.flatMap(
        (group) => group.rules ?? [],
      );
      const exported = new Set<string>([...Object.values(METRIC_NAMES), ...FOREIGN_SERIES]);
      for (const rule of rules) {
        for (const name of metricNamesIn(String(rule.expr))) expect(exported, name).toContain(name);
      }
      expect(rules.map((rule) => rule.alert)).toEqual(
        expect.arrayContaining([
          'McpServerErrorRate',
          'McpServerLatencyP95',
          'McpServerAuditUnavailable',
          'McpServerReadinessFlapping',
          'McpServerApprovalQueueAge',
          'McpServerUpstreamDown',
        ]),
      );
    });

    if (overlay === 'production') {
      it('should render no Secret and no credential inline', () => {
        for (const object of [...app, ...migration]) {
          expect(object.kind).not.toBe('Secret');
          expect(JSON.stringify(object)).not.toMatch(/[a-z]+:\/\/[^/\s:@"]+:[^@\s"]+@/);
        }
      });
    } else {
      it('should generate only obviously fake development secrets', () => {
        const secrets = app.filter((object) => object.kind === 'Secret');
        expect(secrets.length).toBeGreaterThan(0);
        for (const secret of secrets) {
          for (const value of Object.values((secret as ISecret).data ?? {})) {
            expect(Buffer.from(value, 'base64').toString()).toContain('dev-only-not-a-secret');
          }
        }
      });
    }
  });
}
