import { parseArgs } from 'node:util';

import {
  readImportFiles,
  readRecordsFile,
} from '../capabilities/knowledge-base/import/import-files.js';
import type { KbImportRequest } from '../capabilities/knowledge-base/import/kb-import.types.js';
import { runKbImport } from './kb-import-command.js';

const USAGE = `usage: npm run kb:import -- PATH... [--prune] [--records FILE]
       npm run kb:import -- --help

Imports Markdown (.md, .markdown) and plain-text (.txt) files into the knowledge base, split
into sections by heading. A folder is walked recursively (dot-files and node_modules skipped);
a document's source is its path relative to the folder, or a file's path as given. Unchanged
files are skipped. --prune deletes the documents whose source this import did not find.
--records FILE upserts the records of a JSON array of {id, type, fields}.
Uses the server's settings (DATABASE_URL, else the embedded database in MCP_DATA_DIR); while
a server holds the embedded database, the import goes through it (the server must run with
AUTH_DEV_ISSUER=true).
Ends with: imported N documents (M sections), K unchanged, P removed`;

/** Bad usage exits 2, as POSIX utilities do; `--help` is not an error. */
const EXIT_USAGE = 2;

interface Arguments {
  readonly paths: string[];
  readonly prune: boolean;
  readonly records: string | undefined;
}

/** `undefined`: `--help` was asked for. Throws on bad usage. */
function parse(argv: readonly string[]): Arguments | undefined {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      prune: { type: 'boolean', default: false },
      records: { type: 'string' },
    },
  });
  if (values.help === true) return undefined;
  if (positionals.length === 0 && values.records === undefined) {
    throw new Error('name at least one file or folder, or --records FILE');
  }
  // Pruning against no folder would delete every document.
  if (values.prune && positionals.length === 0) throw new Error('--prune needs a file or folder');
  return { paths: positionals, prune: values.prune, records: values.records };
}

async function load(args: Arguments): Promise<KbImportRequest> {
  const documents = await readImportFiles(args.paths);
  return {
    documents,
    records: args.records === undefined ? undefined : await readRecordsFile(args.records),
    keepSources: args.prune ? documents.map((document) => document.source) : undefined,
    paths: args.records === undefined ? args.paths : [...args.paths, args.records],
  };
}

async function main(): Promise<void> {
  let args: Arguments | undefined;
  try {
    args = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  if (args === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const parsed = args;
  await runKbImport('kb:import', () => load(parsed));
}

await main();
