import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';

import type { ImportFile, RecordInput } from './kb-import.types.js';

/** What a folder import picks up; a file named on the command line is taken whatever its name. */
const DOCUMENT_FILE = /\.(md|markdown|txt)$/i;

/** Paths an import could not read, each named with the reason: nothing was imported. */
export class UnreadablePathsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`cannot import: ${problems.join('; ')}`);
    this.name = 'UnreadablePathsError';
  }
}

/**
 * Reads the files of an import (README "The knowledge base"): a file argument's source is the
 * path as given (`./` and `\` normalized), a folder is walked recursively for `.md`,
 * `.markdown` and `.txt` files (skipping dot-files and `node_modules`), each with its path
 * relative to the folder as source. Every path is checked before any file is returned.
 *
 * @throws UnreadablePathsError naming each missing or unreadable path
 */
export async function readImportFiles(paths: readonly string[]): Promise<ImportFile[]> {
  const problems: string[] = [];
  const files: ImportFile[] = [];
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (info.isDirectory()) {
        for (const found of await walk(path)) {
          files.push({ source: toSource(relative(path, found)), content: await readText(found) });
        }
      } else {
        files.push({ source: toSource(path), content: await readText(path) });
      }
    } catch (error) {
      problems.push(`${path}: ${reason(error)}`);
    }
  }
  if (problems.length > 0) throw new UnreadablePathsError(problems);
  return files;
}

/** The records of a `records.json`-shaped file: a JSON array of `{ id, type, fields }`. */
export async function readRecordsFile(path: string): Promise<RecordInput[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readText(path));
  } catch (error) {
    throw new UnreadablePathsError([`${path}: ${reason(error)}`]);
  }
  if (!Array.isArray(parsed)) {
    throw new UnreadablePathsError([`${path}: not a JSON array of records`]);
  }
  // Their shape is checked with the rest of the import (assertValidImport).
  return parsed as RecordInput[];
}

async function walk(folder: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(path)));
    else if (entry.isFile() && DOCUMENT_FILE.test(entry.name)) found.push(path);
  }
  return found;
}

async function readText(path: string): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
}

function toSource(path: string): string {
  return posix.normalize(path.split(sep).join('/')).replace(/^\.\//, '');
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (error instanceof TypeError) return 'not UTF-8 text';
  return error instanceof Error ? error.message : String(error);
}
