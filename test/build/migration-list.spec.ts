import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { MIGRATIONS } from '../../migrations/index.js';

const FILE = /^(\d{13})-([A-Za-z0-9]+)\.ts$/;
const files = readdirSync(join(import.meta.dirname, '../../migrations')).filter(
  (name) => name !== 'index.ts',
);

/**
 * TypeORM orders and records migrations by the timestamp ending their class name: two branches
 * that picked the same timestamp, or a file left out of `migrations/index.ts`, would apply in an
 * order nobody chose or not at all (README "Run on Postgres, migrate, deploy").
 */
describe('migrations/', () => {
  it('should name every file <13-digit timestamp>-<ClassName>.ts', () => {
    expect(files.filter((name) => !FILE.test(name))).toEqual([]);
  });

  it('should give every migration its own timestamp', () => {
    const stamps = files.map((name) => FILE.exec(name)?.[1]);
    expect(stamps.filter((stamp, i) => stamps.indexOf(stamp) !== i)).toEqual([]);
  });

  it('should list every file in index.ts, oldest first, each class named after its file', () => {
    const expected = files.map((name) => {
      const [, stamp, className] = FILE.exec(name) ?? [];
      return `${className}${stamp}`;
    });
    expect(MIGRATIONS.map((migration) => migration.name)).toEqual(expected.sort(byTimestamp));
  });
});

function byTimestamp(a: string, b: string): number {
  return a.slice(-13).localeCompare(b.slice(-13));
}
