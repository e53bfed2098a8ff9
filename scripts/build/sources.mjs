// @ts-check
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Folders whose files the build turns into `dist/` (rootDir ".": `src/x.ts` → `dist/src/x.js`). */
export const SOURCE_DIRS = ['src', 'migrations'];
export const OUT_DIR = 'dist';
const SEED_ASSET = /^src\/capabilities\/[^/]+\/seed\/(docs\/.+|records\.json)$/;
const SKILL_ASSET = /^src\/capabilities\/[^/]+\/skills\/.+$/;

/**
 * What the build makes of a file of a source folder: its output paths, or `undefined` when the
 * file is not part of the build. TypeScript is compiled (a source map beside each file); a
 * worker module (`*.worker.mjs`, see `McpToolIsolation` in src/protocol/capabilities/capability.types.ts)
 * is copied, so a URL relative to `import.meta.url` finds it in `dist/` as in `src/`, and so are
 * a capability's seed assets (`seed/docs/**`, `seed/records.json`: the knowledge base loads them
 * at start, README "The knowledge base"), and the Agent Skills a capability ships (`skills/**`,
 * docs/skills.md). Specs are left out, as are other files.
 * @param {string} source path relative to the project root, e.g. `src/main.ts`
 * @returns {string[] | undefined}
 */
export function outputsOf(source) {
  if (source.endsWith('.spec.ts')) return undefined;
  if (source.endsWith('.ts')) {
    const js = `${OUT_DIR}/${source.slice(0, -'.ts'.length)}.js`;
    return [js, `${js}.map`];
  }
  if (source.endsWith('.worker.mjs') || SEED_ASSET.test(source) || SKILL_ASSET.test(source)) {
    return [`${OUT_DIR}/${source}`];
  }
  return undefined;
}

/**
 * Every file of the source folders that the build uses, relative to `root`, sorted.
 * @param {string} root
 * @returns {string[]}
 */
export function listSources(root) {
  const sources = [];
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const source = relative(root, join(entry.parentPath, entry.name));
      if (outputsOf(source) !== undefined) sources.push(source);
    }
  }
  return sources.sort();
}
