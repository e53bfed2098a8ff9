import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Where code and its comments live; `docs/` and `deploy/` are what they may cite. */
const SOURCE_FOLDERS = ['src', 'test', 'migrations', 'scripts', 'bench'];
const SOURCE_FILE = /\.(ts|mjs|cjs|js)$/;
const NOT_SOURCE = /(^|\/)(node_modules|dist|results)\//;
/** Names of documents that do not ship with the code, and issue numbers. */
const UNSHIPPED_CITATION = /ARCHITECTURE|security bar|checklist|nest-style|pitfalls|[Ii]ssue [0-9]/;
/** `docs/architecture.md "Section"`, `docs/kubernetes.md "Section"`, … */
const SECTION_CITATION = /((?:docs|deploy)\/[\w-]+\.md) "([^"]+)"/g;

function sourceFiles(): string[] {
  const files: string[] = [];
  for (const folder of SOURCE_FOLDERS) {
    for (const entry of readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })) {
      const path = `${folder}/${entry}`;
      if (SOURCE_FILE.test(path) && !NOT_SOURCE.test(path)) files.push(path);
    }
  }
  return files;
}

/** The text with comment continuations joined, so a citation wrapped over two lines is one. */
function joinedComments(text: string): string {
  return text.replace(/\n\s*(?:\*|\/\/)\s*/g, ' ');
}

function headingsOf(document: string): Set<string> {
  const text = readFileSync(join(root, document), 'utf8');
  return new Set([...text.matchAll(/^#+ (.+)$/gm)].map((match) => match[1]!.trim()));
}

describe('citations in comments', () => {
  const self = relative(root, import.meta.filename);
  const files = sourceFiles().filter((file) => file !== self);

  it('should find the sources', () => {
    expect(files).toContain('src/transport/http/mcp-http-listener.ts');
    expect(files.length).toBeGreaterThan(300);
  });

  it('should cite no document that does not ship and no issue number', () => {
    const found = files.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (UNSHIPPED_CITATION.test(line) ? [`${file}:${i + 1}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('should cite only sections that exist', () => {
    const headings = new Map<string, Set<string>>();
    const missing: string[] = [];
    for (const file of files) {
      const text = joinedComments(readFileSync(join(root, file), 'utf8'));
      for (const [, document, section] of text.matchAll(SECTION_CITATION)) {
        if (!headings.has(document!)) headings.set(document!, headingsOf(document!));
        if (!headings.get(document!)!.has(section!))
          missing.push(`${file}: ${document} "${section}"`);
      }
    }
    expect(headings.size).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});
