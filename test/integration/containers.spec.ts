import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';
import { outputsOf } from '../../scripts/build/sources.mjs';

import { loadConfig } from '../../src/config/index.js';
import { HealthController } from '../../src/health/health.controller.js';
import { controllerRoutes, sourceOf, unknownVariables } from '../support/deploy-files.js';

/**
 * No Docker engine runs here, so the Dockerfile is checked for what it claims: every script,
 * path, port and variable it references exists (the compose stack: test/deploy/compose.spec.ts).
 */
const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');
const exists = (path: string) => existsSync(resolve(root, path));

const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const defaults = loadConfig({});

const HEALTH_ROUTES = controllerRoutes(HealthController, ['live', 'ready']);

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
    expect(unknownVariables(env)).toEqual([]);
    expect(env.PORT).toBe(String(defaults.http.port));
  });
});
