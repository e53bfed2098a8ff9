import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

import type { StoredAuditRow } from '../audit-row.columns.js';
import type { SignedAuditCheckpoint } from './audit-checkpoint.js';

/**
 * An archive is two files (docs/data-lifecycle.md "Archive"): `<partition>.jsonl.gz`, one
 * stored row per line in `id` order, and `<partition>.checkpoint.json` beside it.
 */
export const archiveFileOf = (dir: string, partition: string): string =>
  `${dir}/${partition}.jsonl.gz`;
export const checkpointFileOf = (archiveFile: string): string =>
  archiveFile.replace(/\.jsonl\.gz$/, '.checkpoint.json');

/**
 * Writes `rows` gzipped to `file` (through a temporary file, renamed once complete); resolves
 * with the SHA-256 of the bytes written.
 */
export async function writeArchiveFile(
  file: string,
  rows: AsyncIterable<StoredAuditRow>,
): Promise<string> {
  const digest = createHash('sha256');
  const temporary = `${file}.${process.pid}.tmp`;
  await pipeline(
    Readable.from(lines(rows)),
    createGzip(),
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        digest.update(chunk);
        done(null, chunk);
      },
    }),
    createWriteStream(temporary, { flags: 'wx', mode: 0o640 }),
  );
  await rename(temporary, file);
  return digest.digest('hex');
}

async function* lines(rows: AsyncIterable<StoredAuditRow>): AsyncGenerator<string> {
  for await (const row of rows) yield `${JSON.stringify(row)}\n`;
}

/** The rows of an archive file, in order. */
export async function* readArchiveFile(file: string): AsyncGenerator<StoredAuditRow> {
  const text = createInterface({ input: createReadStream(file).pipe(createGunzip()) });
  for await (const line of text) {
    if (line !== '') yield JSON.parse(line) as StoredAuditRow;
  }
}

export async function sha256OfFile(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

export async function writeCheckpointFile(
  archiveFile: string,
  checkpoint: SignedAuditCheckpoint,
): Promise<void> {
  await writeFile(checkpointFileOf(archiveFile), `${JSON.stringify(checkpoint, null, 2)}\n`, {
    mode: 0o640,
  });
}

export async function readCheckpointFile(archiveFile: string): Promise<SignedAuditCheckpoint> {
  return JSON.parse(await readFile(checkpointFileOf(archiveFile), 'utf8')) as SignedAuditCheckpoint;
}
