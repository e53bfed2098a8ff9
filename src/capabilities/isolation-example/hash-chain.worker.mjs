// @ts-check
// Runs inside a worker thread of the `hash_chain` tool (see isolation-example.tools.ts): plain
// ES module, so the same file serves the compiled build and the tests.
import { createHash } from 'node:crypto';

/**
 * SHA-256 applied `rounds` times to `text` (a CPU-bound job that would stall every other request
 * if it ran on the server's own thread).
 *
 * @param {{ text: string, rounds: number }} args validated against the tool's input schema
 * @returns {{ digest: string, rounds: number }}
 */
export function hashChain({ text, rounds }) {
  let digest = createHash('sha256').update(text).digest();
  for (let round = 1; round < rounds; round++) {
    digest = createHash('sha256').update(digest).digest();
  }
  return { digest: digest.toString('hex'), rounds };
}
