import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import { beforeAll, describe, expect, it } from 'vitest';

import { ensureBuild } from '../support/ensure-build.js';

const OUT = resolve(import.meta.dirname, '../../dist/dashboard');
/** The budget of the whole dashboard's JavaScript, gzip-compressed (README "The admin dashboard"). */
const BUDGET_BYTES = 250 * 1024;

describe('dashboard bundle', () => {
  beforeAll(async () => {
    await ensureBuild();
  }, 120_000);

  it('should stay under 250 KB of compressed JavaScript, all of it served from the app', () => {
    const scripts = readdirSync(OUT).filter((name) => name.endsWith('.js'));
    expect(scripts).toEqual(['main.js']);
    const gzipped = scripts.reduce(
      (sum, name) => sum + gzipSync(readFileSync(join(OUT, name)), { level: 9 }).length,
      0,
    );
    console.log(`dashboard JavaScript: ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    expect(gzipped).toBeLessThan(BUDGET_BYTES);
    const html = readFileSync(join(OUT, 'index.html'), 'utf8');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>|<style|style=/);
  });
});
