import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { check, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';

import { nextMigration } from './migration-file.js';

const INDEX_PATH = resolve(import.meta.dirname, '../../migrations/index.ts');
const INDEX = readFileSync(INDEX_PATH, 'utf8');
const LAST_LISTED = Math.max(
  ...[...INDEX.matchAll(/from '\.\/(\d+)-/g)].map((match) => Number(match[1])),
);
const NOW = LAST_LISTED + 60_000;

describe(nextMigration.name, () => {
  it('should name the file and class after the name and the clock, and list it last', () => {
    const migration = nextMigration('AddTaskLabels', INDEX, NOW);

    expect(migration.fileName).toBe(`${NOW}-AddTaskLabels.ts`);
    expect(migration.source).toContain(
      `export class AddTaskLabels${NOW} implements MigrationInterface {`,
    );
    const importLine = `import { AddTaskLabels${NOW} } from './${NOW}-AddTaskLabels.js';`;
    expect(
      migration.index.replace(`${importLine}\n`, '').replace(`  AddTaskLabels${NOW},\n`, ''),
    ).toBe(INDEX);
    const lines = migration.index.split('\n');
    expect(lines.filter((line) => line.startsWith('import ')).at(-1)).toBe(importLine);
    expect(lines[lines.indexOf('];') - 1]).toBe(`  AddTaskLabels${NOW},`);
  });

  it('should time a migration after the newest listed one when the clock is behind it', () => {
    const migration = nextMigration('AddTaskLabels', INDEX, LAST_LISTED - 1_000);
    expect(migration.fileName).toBe(`${LAST_LISTED + 1}-AddTaskLabels.ts`);
  });

  it('should write files Prettier leaves as they are', async () => {
    const migration = nextMigration('AddTaskLabels', INDEX, NOW);
    const options = { ...(await resolveConfig(INDEX_PATH)), parser: 'typescript' };
    expect(await check(migration.source, options)).toBe(true);
    expect(await check(migration.index, options)).toBe(true);
  });

  it.each([
    '',
    'addTaskLabels',
    'add_task_labels',
    'Add-Task',
    '1Add',
    'Add Task',
    'A'.repeat(101),
  ])('should refuse the name %j', (name) => {
    expect(() => nextMigration(name, INDEX, NOW)).toThrow(/PascalCase/);
  });

  it('should refuse a name a listed migration has', () => {
    expect(() => nextMigration('CreateToolVersions', INDEX, NOW)).toThrow(/exists/);
  });

  it('should refuse an index without the MIGRATIONS list', () => {
    expect(() => nextMigration('AddTaskLabels', 'export const OTHER = [];\n', NOW)).toThrow(
      /MIGRATIONS list/,
    );
  });
});
