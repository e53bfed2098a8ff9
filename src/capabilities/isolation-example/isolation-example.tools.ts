import { Injectable } from '@nestjs/common';

import { McpScopes, McpTool } from '../../mcp/discovery/index.js';

const HASH_CHAIN_INPUT = {
  type: 'object',
  properties: {
    text: { type: 'string', maxLength: 10_000, description: 'Text to hash' },
    rounds: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'SHA-256 rounds' },
  },
  required: ['text', 'rounds'],
  additionalProperties: false,
};

const HASH_CHAIN_OUTPUT = {
  type: 'object',
  properties: {
    digest: { type: 'string', description: 'Hex SHA-256 after the last round' },
    rounds: { type: 'integer' },
  },
  required: ['digest', 'rounds'],
  additionalProperties: false,
};

/**
 * The example of an isolated tool (docs/security.md "Isolation"): CPU-bound work in a worker thread
 * with a 32 MB heap, terminated on timeout or cancellation. It also shows a scope requirement: a
 * token without scope `compute` sees the tool, and calling it answers 403 `insufficient_scope`.
 */
@Injectable()
export class IsolationExampleTools {
  @McpTool({
    name: 'hash_chain',
    title: 'Hash chain',
    description: 'Applies SHA-256 to the text the given number of times and returns the digest.',
    input: HASH_CHAIN_INPUT,
    output: HASH_CHAIN_OUTPUT,
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    timeoutMs: 10_000,
    isolation: {
      worker: new URL('./hash-chain.worker.mjs', import.meta.url),
      export: 'hashChain',
      maxMemoryMb: 32,
    },
  })
  @McpScopes('compute')
  hashChain(): never {
    // Guards and pipes run on this method; the work itself runs in hash-chain.worker.mjs.
    throw new Error('hash_chain runs in its worker thread');
  }
}
