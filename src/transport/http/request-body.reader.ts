import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

import { HttpRejection } from './http-rejections.js';

/** One shared decoder: `decode` without `{ stream: true }` keeps no state between calls. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a request body as UTF-8 text, at most `maxBytes` bytes AFTER decompression
 * (docs/security.md "Limits": a 48 KB gzip bomb inflating to 50 MB must stop at the limit).
 * Decompression is streamed and counted chunk by chunk, so a bomb never inflates past `maxBytes`
 * plus one zlib chunk.
 *
 * @throws HttpRejection 413 over the limit, 415 for an unknown `Content-Encoding`, 400 for a
 *   corrupt compressed stream or invalid UTF-8. A client that disconnects mid-body rejects with
 *   the stream's own error.
 */
export async function readRequestBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  // The compressed size bounds nothing on its own, but a declared length over the limit is
  // refused before a single byte is read.
  if (Number(request.headers['content-length']) > maxBytes) throw tooLarge(maxBytes);
  const decoder = decoderFor(request.headers['content-encoding']);
  const body = await collect(request, decoder, maxBytes);
  try {
    return UTF8.decode(body);
  } catch {
    throw new HttpRejection('undecodableBody');
  }
}

function collect(
  request: IncomingMessage,
  decoder: Transform | undefined,
  maxBytes: number,
): Promise<Buffer> {
  const source = decoder === undefined ? request : request.pipe(decoder);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: Error): void => {
      request.unpipe();
      decoder?.destroy();
      source.removeAllListeners('data');
      reject(error);
    };
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(tooLarge(maxBytes));
      else chunks.push(chunk);
    });
    source.once('end', () =>
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)),
    );
    decoder?.once('error', () => fail(new HttpRejection('undecodableBody')));
    request.once('error', fail);
  });
}

/** `Content-Encoding` (RFC 9110 §8.4) → a streaming decompressor; identity → none. */
function decoderFor(encoding: string | undefined): Transform | undefined {
  switch (encoding?.trim().toLowerCase()) {
    case undefined:
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new HttpRejection('unsupportedEncoding');
  }
}

function tooLarge(maxBytes: number): HttpRejection {
  return new HttpRejection('payloadTooLarge', { maxBytes });
}
