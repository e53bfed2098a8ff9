import { join } from 'node:path';

import { readImportFiles, readRecordsFile } from './import-files.js';
import type { KbImportRequest } from './kb-import.types.js';

/** The seed corpus (its README.md): beside this folder in `src/`, copied so in `dist/`. */
const SEED_DIR = join(import.meta.dirname, '../seed');

/** The seed's documents (sources relative to `seed/docs`) and records, as one import. */
export async function loadSeedRequest(): Promise<KbImportRequest> {
  return {
    documents: await readImportFiles([join(SEED_DIR, 'docs')]),
    records: await readRecordsFile(join(SEED_DIR, 'records.json')),
    paths: ['seed/docs', 'seed/records.json'],
  };
}
