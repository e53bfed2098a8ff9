import 'reflect-metadata';

import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { isCurrent, planBuild } from '../../scripts/build/build-stamp.mjs';
import { BuildError, buildDist } from '../../scripts/build/build.mjs';

const repository = resolve(import.meta.dirname, '../..');

/** A class with a constructor parameter, as Nest providers have: DI reads its metadata. */
const PROVIDER = `
function Injectable(): ClassDecorator {
  return () => undefined;
}
export class Clock {}
@Injectable()
export class Greeter {
  constructor(readonly clock: Clock) {}
}
`;

const SOURCES: Record<string, string> = {
  'src/greeter.ts': PROVIDER,
  'src/main.ts': "import { Greeter } from './greeter.js';\nexport const greeter = Greeter;\n",
  'src/hash.worker.mjs': 'export const hash = (text) => text;\n',
  'src/main.spec.ts': 'export {};\n',
  'src/capabilities/kb/seed/docs/a/page.md': '# Page\n',
  'src/capabilities/kb/seed/records.json': '[]\n',
  'src/capabilities/kb/seed/README.md': '# About the seed\n',
  'migrations/1-Init.ts': 'export class Init1 {}\n',
};

describe('build: the up-to-date check and the incremental SWC build', () => {
  let root: string;
  const lines: string[] = [];
  const build = () => buildDist(root, { log: (line) => lines.push(line) });
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  /** A new modification time, as an editor's save (or `touch`) gives. */
  const touch = (path: string) => {
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(root, path), later, later);
  };

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'build-stamp-'));
    copyFileSync(join(repository, 'tsconfig.json'), join(root, 'tsconfig.json'));
    for (const [path, text] of Object.entries(SOURCES)) write(path, text);
    await build();
    lines.length = 0;
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('should compile every source but specs, copy worker modules and seed assets, then find dist current', async () => {
    expect(existsSync(join(root, 'dist/src/main.js'))).toBe(true);
    expect(existsSync(join(root, 'dist/src/main.js.map'))).toBe(true);
    expect(existsSync(join(root, 'dist/migrations/1-Init.js'))).toBe(true);
    expect(existsSync(join(root, 'dist/src/hash.worker.mjs'))).toBe(true);
    expect(existsSync(join(root, 'dist/src/main.spec.js'))).toBe(false);
    expect(existsSync(join(root, 'dist/src/capabilities/kb/seed/docs/a/page.md'))).toBe(true);
    expect(existsSync(join(root, 'dist/src/capabilities/kb/seed/records.json'))).toBe(true);
    expect(existsSync(join(root, 'dist/src/capabilities/kb/seed/README.md'))).toBe(false);
    expect(isCurrent(planBuild(root))).toBe(true);

    expect(await build()).toEqual({ changed: [] });
    expect(lines).toEqual([expect.stringMatching(/^build: dist is current \(\d+ ms\)$/)]);
  });

  it('should emit the decorator metadata that Nest dependency injection reads', async () => {
    const built = join(root, 'dist/src/greeter.js');
    const module = (await import(pathToFileURL(built).href)) as Record<string, object>;

    expect(Reflect.getMetadata('design:paramtypes', module.Greeter!)).toEqual([module.Clock]);
  });

  it('should find a touched source stale and rebuild only that one', async () => {
    touch('src/main.ts');

    expect(planBuild(root)).toMatchObject({ full: false, compile: ['src/main.ts'], removed: [] });
    expect(await build()).toEqual({ changed: ['src/main.ts'] });
    expect(lines).toEqual([
      'build: compiling 1 changed file(s)…',
      expect.stringMatching(/^build: done in \d+\.\d s$/),
    ]);
    expect(isCurrent(planBuild(root))).toBe(true);
  });

  it('should find dist stale when one of its files was deleted, and restore it', async () => {
    rmSync(join(root, 'dist/src/greeter.js.map'));

    expect(planBuild(root).compile).toEqual(['src/greeter.ts']);
    await build();
    expect(existsSync(join(root, 'dist/src/greeter.js.map'))).toBe(true);
  });

  it('should remove the outputs of a deleted source', async () => {
    rmSync(join(root, 'migrations/1-Init.ts'));

    expect(planBuild(root)).toMatchObject({ compile: [], removed: ['migrations/1-Init.ts'] });
    expect(await build()).toEqual({ changed: ['migrations/1-Init.ts'] });
    expect(existsSync(join(root, 'dist/migrations/1-Init.js'))).toBe(false);
  });

  it('should pick up a new source and ignore a changed spec', () => {
    touch('src/main.spec.ts');
    expect(isCurrent(planBuild(root))).toBe(true);

    write('src/added.ts', 'export const added = 1;\n');
    expect(planBuild(root).compile).toEqual(['src/added.ts']);
  });

  it('should rebuild everything when the compiler options of tsconfig.json change', () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022' } }));

    const sources = Object.keys(SOURCES).filter((path) => !/(\.spec\.ts|README\.md)$/.test(path));
    expect(planBuild(root)).toMatchObject({ full: true, compile: sources.sort() });
  });

  it('should report a source that does not compile and keep it stale', async () => {
    write('src/main.ts', 'export const broken = ;\n');

    const failure = await build().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(BuildError);
    expect((failure as Error).message).toContain('main.ts');
    expect(planBuild(root).compile).toEqual(['src/main.ts']);
  });

  it('should let a second build wait for the first, then find dist current', async () => {
    touch('src/greeter.ts');

    const results = await Promise.all([build(), build()]);

    expect(results).toEqual([{ changed: ['src/greeter.ts'] }, { changed: [] }]);
    expect(lines).toContain('build: waiting for another build to finish…');
  });
});
