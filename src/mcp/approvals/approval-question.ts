import type { RegisteredTool } from '../../protocol/capabilities/registered-capability.types.js';
import { isPlainObject } from '../../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonObject } from '../../protocol/json-rpc/json-rpc.types.js';

/**
 * The `requestInput` key of the question, stable across 2026-07-28 rounds (SEP-2322), and the
 * `_meta` key of a waiting call's approval in its result.
 */
export const APPROVAL_KEY = 'io.github.enterprise-mcp/approval';

/**
 * The form elicitation (client features §Elicitation, form mode) that asks the user to approve
 * one call: the tool, its arguments and, when an argument is named `reason`, that reason; one
 * boolean `confirm` the user must set.
 */
export function approvalQuestion(tool: RegisteredTool, args: JsonObject): JsonObject {
  const lines = [
    `The tool "${tool.definition.title ?? tool.definition.name}" wants to make changes.`,
    `Arguments: ${JSON.stringify(args)}`,
  ];
  if (typeof args.reason === 'string') lines.push(`Reason: ${args.reason}`);
  lines.push('Run this call?');
  return {
    message: lines.join('\n'),
    requestedSchema: {
      type: 'object',
      properties: {
        confirm: {
          type: 'boolean',
          title: `Run ${tool.definition.name}`,
          description: 'Check to run this call once with these arguments',
        },
      },
      required: ['confirm'],
    },
  };
}

/** Only an accepted form with `confirm: true` approves; decline, cancel and anything else refuse. */
export function isConfirmed(answer: JsonObject): boolean {
  return (
    answer.action === 'accept' && isPlainObject(answer.content) && answer.content.confirm === true
  );
}
