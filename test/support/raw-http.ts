import { connect } from 'node:net';

export interface RawHttpAnswer {
  /** Status line and headers, as sent. */
  readonly head: string;
  readonly body: string;
}

/**
 * Writes `bytes` as they are on a fresh TCP connection to the host and port of `url`, and reads
 * what the server sends until it closes: for requests that `fetch` and `http.request` refuse to
 * build (bytes that are not HTTP, a second `Content-Length`).
 */
export function rawHttpExchange(url: string, bytes: string): Promise<RawHttpAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      const split = text.indexOf('\r\n\r\n');
      resolve(
        split === -1
          ? { head: text, body: '' }
          : { head: text.slice(0, split), body: text.slice(split + 4) },
      );
    });
    socket.on('error', reject);
  });
}
