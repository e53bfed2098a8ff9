import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

// Importing the application declares the settings of its modules (`SettingsModule.forFeature`).
import '../../src/app.module.js';
import { loadConfig } from '../../src/config/app-config.js';

const root = resolve(import.meta.dirname, '../..');

/** Every variable `loadConfig` reads in its source, found by `read.<kind>('NAME'…)` or `env.NAME`. */
function variablesNamedByConfig(): string[] {
  const source = readFileSync(resolve(root, 'src/config/app-config.ts'), 'utf8');
  const names: string[] = [];
  for (const match of source.matchAll(/read\.\w+\('([A-Z][A-Z0-9_]+)'/g)) names.push(match[1]!);
  for (const match of source.matchAll(/env\.([A-Z][A-Z0-9_]+)/g)) names.push(match[1]!);
  return names;
}

/**
 * Every variable a load of the configuration asks for, the modules' settings included (their
 * names are built from a prefix, so no search of the source finds them).
 */
function variablesReadByLoad(): string[] {
  const names: string[] = [];
  const recording = new Proxy(
    {},
    {
      get: (_env, name) => {
        if (typeof name === 'string') names.push(name);
        return undefined;
      },
    },
  );
  loadConfig(recording);
  return names;
}

describe('README configuration reference', () => {
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
  const variables = [...new Set([...variablesNamedByConfig(), ...variablesReadByLoad()])].sort();

  it('should find the variables of the core and of the modules', () => {
    expect(variables).toContain('DATABASE_URL');
    expect(variables).toContain('EXAMPLE_ECHO_MAX_LENGTH');
    expect(variables.length).toBeGreaterThan(30);
  });

  it.each(variables)('should document %s', (name) => {
    expect(readme).toContain(`\`${name}\``);
  });
});
