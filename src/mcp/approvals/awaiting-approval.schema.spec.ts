import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

import type { CallApprovalRecord } from '../../approvals/call-approval.types.js';
import type { JsonSchema, ToolDefinition } from '../../protocol/capabilities/capability.types.js';
import { awaitingApprovalResult } from './approval-results.js';
import { servedOutputSchema } from './awaiting-approval.schema.js';

const DECLARED: JsonSchema = {
  type: 'object',
  properties: { recordId: { type: 'string' } },
  required: ['recordId'],
  additionalProperties: false,
};
const APPROVAL = {
  id: 'a1',
  tool: 'update_record',
  status: 'pending',
  expiresAt: new Date('2026-12-07T12:00:00Z'),
} as CallApprovalRecord;

function toolWith(destructiveHint: boolean): ToolDefinition {
  const annotations = { destructiveHint };
  return {
    name: 'update_record',
    description: 'changes a record',
    inputSchema: { type: 'object' },
    outputSchema: servedOutputSchema(DECLARED, annotations),
    annotations,
    version: '1.0.0',
    definitionSha256: 'x',
  };
}

function conforms(schema: JsonSchema, value: unknown): boolean {
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  return ajv.validate(schema, value);
}

describe('the waiting answer of a call that needs approval', () => {
  it("should conform to a destructive tool's served output schema, which still takes its own output", () => {
    const tool = toolWith(true);
    const result = awaitingApprovalResult(APPROVAL, tool);
    const schema = tool.outputSchema as JsonSchema;
    expect(result).toMatchObject({ isError: true, structuredContent: { approval: { id: 'a1' } } });
    expect(conforms(schema, result.structuredContent)).toBe(true);
    expect(conforms(schema, { recordId: 'TCK-1' })).toBe(true);
    expect(conforms(schema, { recordId: 1 })).toBe(false);
  });

  it('should name the approval in _meta only when a policy makes a tool with its own schema wait', () => {
    const tool = toolWith(false);
    expect(tool.outputSchema).toBe(DECLARED);
    const result = awaitingApprovalResult(APPROVAL, tool);
    expect(result.structuredContent).toBeUndefined();
    expect(result._meta).toEqual({
      'io.github.enterprise-mcp/approval': {
        id: 'a1',
        status: 'pending',
        expiresAt: '2026-12-07T12:00:00.000Z',
      },
    });
  });
});
