import { randomUUID } from 'node:crypto';

import type { ToolCallStarted } from '../../src/audit/audit-log.js';

/**
 * A "started" audit entry of an `echo` call by alice over stdio, with a fresh correlation id;
 * `overrides` set what a test looks at.
 */
export function echoCallStarted(overrides: Partial<ToolCallStarted> = {}): ToolCallStarted {
  return {
    correlationId: randomUUID(),
    requestId: '1',
    sessionId: undefined,
    subject: 'alice',
    clientId: undefined,
    tenant: undefined,
    roles: [],
    transport: 'stdio',
    toolName: 'echo',
    toolVersion: '1.0.0',
    definitionSha256: 'a'.repeat(64),
    argumentsSha256: 'b'.repeat(64),
    ...overrides,
  };
}
