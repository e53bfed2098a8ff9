import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');

interface CodeBlock {
  readonly language: string;
  readonly code: string;
  /** 1-based line of the opening fence in README.md. */
  readonly line: number;
}

function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)\s*$/.exec(lines[i]!);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && lines[i] !== '```') body.push(lines[i]!);
    blocks.push({ language: open[1]!, code: body.join('\n'), line: start + 1 });
  }
  return blocks;
}

/**
 * Where a block is compiled: the path its first line names (`// src/…/file.ts`), so its relative
 * imports resolve as they would in a real checkout, else a file at the repository root.
 */
function pathOf(block: CodeBlock): string {
  const declared = /^\/\/ ((?:src|test)\/[\w./-]+\.ts)\s*$/m.exec(block.code.split('\n')[0] ?? '');
  return resolve(root, declared?.[1] ?? `readme-line-${block.line}.ts`);
}

/** Type-checks virtual files against the real code with the project's compiler options. */
function typeCheck(files: ReadonlyMap<string, string>): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    resolve(root, 'tsconfig.json'),
    { incremental: false, noEmit: true },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (config === undefined) throw new Error('tsconfig.json could not be read');
  const host = ts.createCompilerHost(config.options);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.getSourceFile = (name, language, ...rest) => {
    const text = files.get(name);
    return text === undefined
      ? getSourceFile(name, language, ...rest)
      : ts.createSourceFile(name, text, language, true);
  };
  const program = ts.createProgram([...files.keys()], config.options, host);
  return [...files.keys()].flatMap((name) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((diagnostic) => {
      const where =
        diagnostic.file !== undefined && diagnostic.start !== undefined
          ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
          : 0;
      return `${name}:${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    }),
  );
}

describe('README code blocks', () => {
  const blocks = codeBlocks(readme);
  const typescript = blocks.filter((block) => block.language === 'ts');

  it('should find the TypeScript examples', () => {
    expect(typescript.length).toBeGreaterThanOrEqual(2);
  });

  it('should report a block that does not compile (the check itself can fail)', () => {
    const broken = new Map([[resolve(root, 'readme-broken.ts'), `const n: number = 'one';\n`]]);
    expect(typeCheck(broken)).toEqual([expect.stringContaining('not assignable to type')]);
  });

  it('should compile every TypeScript block against the code', () => {
    const files = new Map(typescript.map((block) => [pathOf(block), `${block.code}\n`] as const));
    expect(files.size, 'two blocks claim the same path').toBe(typescript.length);
    expect(typeCheck(files)).toEqual([]);
  }, 120_000);

  it.each(blocks.filter((block) => block.language === 'json').map((block) => [block.line, block]))(
    'should hold valid JSON in the block at line %i',
    (_line, block) => {
      expect(() => JSON.parse(block.code) as unknown).not.toThrow();
    },
  );

  it('should name only npm scripts that exist', () => {
    const { scripts } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const builtIn = new Set(['ci', 'test', 'start', 'install']);
    const named = [...readme.matchAll(/npm (?:run (?:--silent )?)?([\w:-]+)/g)]
      .map((match) => match[1]!)
      .filter((name) => !builtIn.has(name) && name !== 'run');
    expect(named.filter((name) => scripts[name] === undefined)).toEqual([]);
  });
});
