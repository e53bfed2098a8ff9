import { PATH_METADATA } from '@nestjs/common/constants.js';

// Importing the application declares the settings of its modules (`SettingsModule.forFeature`),
// so a variable only a module reads (the audit archive's) counts as known.
import '../../src/app.module.js';
import { type AppConfig, loadConfig } from '../../src/config/index.js';
import { APP_CLOSE_TIMEOUT_MS } from '../../src/ops/shutdown/shutdown.constants.js';

/** Helpers of the container and deploy tests (test/deploy): what the deploy files must agree with. */

/** Read by Node and libraries, not by our config. */
const RUNTIME_VARIABLES = new Set(['NODE_ENV']);

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
/** The names in `env` that neither the typed config nor the runtime reads. */
export function unknownVariables(env: Record<string, unknown>): string[] {
  const known = configVariables();
  return Object.keys(env).filter((name) => !known.has(name) && !RUNTIME_VARIABLES.has(name));
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
