import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HttpRejection } from './http-rejections.js';
import { readRequestBody } from './request-body.reader.js';

const MAX_BYTES = 1024;

describe('readRequestBody', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // Answers the body it read, or the key of the rejection it got.
    server = createServer((req, res) => {
      readRequestBody(req, MAX_BYTES).then(
        (text) => res.writeHead(200).end(`ok:${text}`),
        (error: unknown) =>
          res
            .writeHead(error instanceof HttpRejection ? error.spec.status : 500, {
              Connection: 'close',
            })
            .end(error instanceof HttpRejection ? error.key : String(error)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function post(body: Uint8Array | string, headers: Record<string, string> = {}) {
    const response = await fetch(url, { method: 'POST', body, headers });
    return { status: response.status, text: await response.text() };
  }

  it('should read a plain UTF-8 body', async () => {
    expect(await post('{"a":"é"}')).toEqual({ status: 200, text: 'ok:{"a":"é"}' });
  });

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('should decompress Content-Encoding %s', async (encoding, compress) => {
    const result = await post(compress(Buffer.from('{"hello":"world"}')), {
      'Content-Encoding': encoding,
    });
    expect(result).toEqual({ status: 200, text: 'ok:{"hello":"world"}' });
  });

  it('should accept a body of exactly the limit', async () => {
    expect((await post('x'.repeat(MAX_BYTES))).status).toBe(200);
  });

  it('should refuse a declared Content-Length over the limit with 413', async () => {
    expect(await post('x'.repeat(MAX_BYTES + 1))).toEqual({
      status: 413,
      text: 'payloadTooLarge',
    });
  });

  it('should refuse a chunked body over the limit with 413', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(Buffer.alloc(512, 0x78));
        controller.close();
      },
    });
    const response = await fetch(url, { method: 'POST', body, duplex: 'half' });
    expect(response.status).toBe(413);
  });

  it('should stop a gzip bomb at the limit after decompression', async () => {
    // The first KiB of 16 MiB of gzipped zeros inflates to about a MiB: small on the wire (so the
    // Content-Length check cannot catch it), huge once inflated.
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024)).subarray(0, MAX_BYTES);
    const started = performance.now();
    const result = await post(bomb, { 'Content-Encoding': 'gzip' });
    expect(result).toEqual({ status: 413, text: 'payloadTooLarge' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('should refuse an unknown or stacked Content-Encoding with 415', async () => {
    for (const encoding of ['compress', 'gzip, br', 'zstd']) {
      expect(await post('{}', { 'Content-Encoding': encoding })).toEqual({
        status: 415,
        text: 'unsupportedEncoding',
      });
    }
  });

  it('should refuse a corrupt compressed body with 400', async () => {
    expect(await post('not gzip at all', { 'Content-Encoding': 'gzip' })).toEqual({
      status: 400,
      text: 'undecodableBody',
    });
  });

  it('should refuse invalid UTF-8 with 400', async () => {
    expect(await post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toEqual({
      status: 400,
      text: 'undecodableBody',
    });
  });
});
