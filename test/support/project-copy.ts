import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
/** What `npm run build`, `npm start` and the CLIs need, besides node_modules (linked). */
const COPIED = ['package.json', 'tsconfig.json', 'src', 'migrations', 'scripts', 'web'];

/**
 * A copy of the project in a temporary directory, sharing this checkout's node_modules, for
 * tests that edit sources or depend on whether `dist/` is current: they must not touch the
 * checkout's `dist/`, which the other test files run.
 */
export interface ProjectCopy {
  readonly root: string;
  remove(): void;
}

export function copyProject(): ProjectCopy {
  const root = mkdtempSync(join(tmpdir(), 'project-copy-'));
  for (const path of COPIED) cpSync(join(ROOT, path), join(root, path), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
