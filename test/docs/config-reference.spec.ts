import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Every variable `loadConfig` reads, found by its `read.<kind>('NAME'…)` or `env.NAME` calls. */
function variablesReadByConfig(): string[] {
  const source = readFileSync(resolve(root, 'src/config/app-config.ts'), 'utf8');
  const names = new Set<string>();
  for (const match of source.matchAll(/read\.\w+\('([A-Z][A-Z0-9_]+)'/g)) names.add(match[1]!);
  for (const match of source.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)) names.add(match[1]!);
  return [...names].sort();
}

describe('README configuration reference', () => {
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
  const variables = variablesReadByConfig();

  it('should find the variables the config reads', () => {
    expect(variables).toContain('DATABASE_URL');
    expect(variables.length).toBeGreaterThan(30);
  });

  it.each(variables)('should document %s', (name) => {
    expect(readme).toContain(`\`${name}\``);
  });
});
