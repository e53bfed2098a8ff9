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

/** One `location` of an nginx `server` block: its match (`=` exact or prefix) and what it does. */
export interface NginxLocation {
  readonly exact: boolean;
  readonly path: string;
  readonly body: string;
}
export interface NginxServer {
  readonly listen: number;
  readonly locations: NginxLocation[];
}

/** The `server` blocks of deploy/nginx/nginx.conf (no nested braces inside a location). */
export function nginxServers(conf: string): NginxServer[] {
  const text = conf.replace(/#.*$/gm, '');
  const servers: NginxServer[] = [];
  for (const match of text.matchAll(/\bserver\s*\{/g)) {
    let depth = 1;
    let end = match.index + match[0].length;
    while (depth > 0 && end < text.length) {
      if (text[end] === '{') depth += 1;
      if (text[end] === '}') depth -= 1;
      end += 1;
    }
    const block = text.slice(match.index + match[0].length, end - 1);
    const listen = Number(/\blisten\s+(\d+);/.exec(block)?.[1]);
    const locations = [...block.matchAll(/location\s+(=\s*)?(\S+)\s*\{([^}]*)\}/g)].map(
      ([, exact, path, body]) => ({ exact: exact !== undefined, path: path!, body: body!.trim() }),
    );
    servers.push({ listen, locations });
  }
  return servers;
}

/** The location nginx picks for `path`: an exact match first, else the longest prefix. */
export function nginxLocationFor(server: NginxServer, path: string): NginxLocation | undefined {
  const exact = server.locations.find((location) => location.exact && location.path === path);
  if (exact !== undefined) return exact;
  return server.locations
    .filter((location) => !location.exact && path.startsWith(location.path))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
