import { PATH_METADATA } from '@nestjs/common/constants.js';

import { type AppConfig, loadConfig } from '../../src/config/index.js';
import { APP_CLOSE_TIMEOUT_MS } from '../../src/ops/shutdown/shutdown.constants.js';

/** Helpers of test/integration/containers.spec.ts: what the deploy files must agree with. */

/** Every variable the typed config reads, recorded by handing it a listening environment. */
export function configVariables(): Set<string> {
  const names = new Set<string>();
  const recorder = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get: (_target, name) => {
        if (typeof name === 'string') names.add(name);
        return undefined;
      },
    },
  );
  loadConfig(recorder);
  return names;
}
/** `dist/src/x.js` → `src/x.ts`: the build maps one to the other (scripts/build, rootDir "."). */
export function sourceOf(distPath: string): string {
  return distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

export function controllerRoutes(controller: object, methods: string[]): string[] {
  const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
  const prototype = (controller as { prototype: Record<string, object> }).prototype;
  return methods.map((method) => {
    const path = Reflect.getMetadata(PATH_METADATA, prototype[method]!) as string;
    return `/${[base, path].filter((part) => part && part !== '/').join('/')}`;
  });
}
/** Seconds a stopping container needs: drain delay + grace + application close budget. */
export function shutdownBudgetSeconds(config: AppConfig): number {
  return (config.ops.drainDelayMs + config.ops.shutdownGraceMs + APP_CLOSE_TIMEOUT_MS) / 1000;
}

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
]);

/** Metric names in a PromQL expression: identifiers that are neither functions nor labels. */
export function metricNamesIn(expression: string): string[] {
  const stripped = expression
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without)\s*\([^)]*\)/g, ' ')
    .replace(/\b\d[\d.]*(e[-+]?\d+)?/gi, ' ');
  const names: string[] = [];
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*(\()?)/g)) {
    if (match[1] !== undefined || PROMQL_WORDS.has(match[0])) continue;
    names.push(match[0].replace(/_(bucket|sum|count)$/, ''));
  }
  return names;
}

interface Probe {
  httpGet: { path: string; port: string };
  timeoutSeconds?: number;
}
/** The part of the Kubernetes pod spec deploy/kubernetes.md documents. */
export interface PodSpec {
  terminationGracePeriodSeconds: number;
  containers: {
    ports: { name: string; containerPort: number }[];
    env: { name: string; value: string }[];
    startupProbe: Probe;
    livenessProbe: Probe;
    readinessProbe: Probe;
  }[];
}
