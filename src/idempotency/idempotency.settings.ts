import { defineSettings } from '../config/index.js';

/** Idempotent retries of `tools/call`, from the `MCP_IDEMPOTENCY_*` variables. */
export class IdempotencySettings extends defineSettings('MCP_', (read) => ({
  /**
   * `MCP_IDEMPOTENCY_TTL_SECONDS`: how long the first result under a key is kept for retries
   * (docs/approvals.md "Idempotent retries"); one day by default, at most thirty.
   */
  ttlSeconds: read.integer('IDEMPOTENCY_TTL_SECONDS', 86_400, 1, 30 * 86_400),
})) {}
