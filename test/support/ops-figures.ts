import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const FILE = join(resolve(import.meta.dirname, '../..'), 'bench/results/ops-figures.json');

/**
 * Records figures of the ops e2e suites: printed in the test output and merged into
 * `bench/results/ops-figures.json` (git-ignored) under `section`.
 */
export function recordOpsFigures(section: string, figures: Record<string, unknown>): void {
  process.stdout.write(`[ops figures] ${section}: ${JSON.stringify(figures)}\n`);
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    // first figures of this checkout
  }
  all[section] = { ...figures, recordedAt: new Date().toISOString() };
  mkdirSync(join(FILE, '..'), { recursive: true });
  writeFileSync(FILE, `${JSON.stringify(all, null, 2)}\n`);
}
