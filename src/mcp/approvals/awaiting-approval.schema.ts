import type { JsonSchema, ToolAnnotations } from '../../protocol/capabilities/capability.types.js';
import { deepFreeze } from '../../protocol/schema/json-object.util.js';

/** `structuredContent` of a call that waits for a person (docs/approvals.md "Call approvals"). */
const AWAITING_APPROVAL_CONTENT: JsonSchema = deepFreeze({
  type: 'object',
  properties: {
    approval: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        status: { type: 'string', enum: ['pending', 'approved'] },
        expiresAt: { type: 'string', format: 'date-time' },
      },
      required: ['id', 'status', 'expiresAt'],
    },
  },
  required: ['approval'],
  additionalProperties: false,
});

/**
 * The `outputSchema` a tool is served with. MCP asks structured content to conform to the tool's
 * output schema, and the official SDK clients check it on error results too, so a tool that asks
 * for approval by default (`destructiveHint: true`) is served with a schema that also admits the
 * waiting answer. It is part of the hashed definition: the same code gives the same hash.
 */
export function servedOutputSchema(
  declared: JsonSchema | undefined,
  annotations: ToolAnnotations | undefined,
): JsonSchema | undefined {
  if (declared === undefined || annotations?.destructiveHint !== true) return declared;
  return deepFreeze({ type: 'object', anyOf: [declared, AWAITING_APPROVAL_CONTENT] });
}

/**
 * Whether the waiting answer may carry `structuredContent.approval`: no output schema, or one
 * served by {@link servedOutputSchema} to admit it. A tool that only an operator's policy makes
 * wait (docs/approvals.md "Call approvals") has it in the result's `_meta` alone.
 */
export function admitsAwaitingApproval(definition: {
  readonly outputSchema?: JsonSchema;
  readonly annotations?: ToolAnnotations;
}): boolean {
  return definition.outputSchema === undefined || definition.annotations?.destructiveHint === true;
}
