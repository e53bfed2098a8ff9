// @ts-check
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';

import { outputsOf } from './sources.mjs';

/** @typedef {import('@swc/core').Options} SwcOptions */

/**
 * SWC settings from the compiler options of `tsconfig.json`, the ones Vitest's unplugin-swc
 * derives too (vitest.config.ts), so the built server is compiled as the tests compile it. SWC
 * compiles each file on its own (`isolatedModules`) and does not type-check: `npm run typecheck`
 * does. `emitDecoratorMetadata` matters most: Nest's dependency injection reads the
 * `design:paramtypes` metadata it emits.
 * @param {string} root
 * @returns {SwcOptions}
 */
export function swcOptions(root) {
  /** @type {{ compilerOptions: Record<string, unknown> }} */
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
  const compilerOptions = tsconfig.compilerOptions;
  return {
    swcrc: false,
    configFile: false,
    module: { type: 'es6' },
    // Always: maps cost nothing at run time and let debuggers and --enable-source-maps show .ts.
    sourceMaps: true,
    jsc: {
      target: /** @type {import('@swc/core').JscTarget} */ (
        String(compilerOptions.target).toLowerCase()
      ),
      keepClassNames: true,
      parser: { syntax: 'typescript', decorators: compilerOptions.experimentalDecorators === true },
      transform: {
        legacyDecorator: true,
        decoratorMetadata: compilerOptions.emitDecoratorMetadata === true,
        useDefineForClassFields: compilerOptions.useDefineForClassFields !== false,
      },
    },
  };
}

/** The version of SWC that compiles: part of what makes a build current. */
export function swcVersion() {
  const require = createRequire(import.meta.url);
  /** @type {{ version: string }} */
  const manifest = JSON.parse(readFileSync(require.resolve('@swc/core/package.json'), 'utf8'));
  return manifest.version;
}

/**
 * Writes the outputs of `source` (see {@link outputsOf}) under `root`.
 * @param {string} root
 * @param {string} source
 * @param {SwcOptions} options
 */
export async function buildSource(root, source, options) {
  const [output, map] = (outputsOf(source) ?? []).map((path) => join(root, path));
  if (output === undefined) throw new Error(`${source} is not an input of the build`);
  const input = join(root, source);
  await mkdir(dirname(output), { recursive: true });
  if (map === undefined) {
    await copyFile(input, output);
    return;
  }
  // Loaded on demand: a build that finds dist/ current does not pay for the native module.
  const { transformFile } = await import('@swc/core');
  const result = await transformFile(input, {
    ...options,
    sourceFileName: relative(dirname(output), input),
  });
  await writeFile(output, `${result.code}\n//# sourceMappingURL=${basename(map)}\n`);
  await writeFile(map, result.map ?? '');
}
