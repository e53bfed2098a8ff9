import { Injectable } from '@nestjs/common';

import type { McpHandlerContext } from '../../../protocol/context/index.js';
import type { JsonObject } from '../../../protocol/json-rpc/json-rpc.types.js';
import { McpRoles, McpTool } from '../../../mcp/discovery/index.js';
import { McpToolError } from '../../../mcp/dispatcher/mcp-tool-error.js';
import { KbRecordsService, RecordUpdateRefused } from '../records/kb-records.service.js';
import { RECORD_OUTPUT, UPDATE_RECORD_INPUT } from './kb-tool.schemas.js';

interface UpdateRecordInput {
  readonly recordId: string;
  readonly changes: JsonObject;
  /** Not stored with the record: the audit log keeps the call's arguments (docs/architecture.md "The audit contract"). */
  readonly reason: string;
  readonly expectedVersion?: number;
}

/** Changing the knowledge base's records; only editors see these tools. */
@Injectable()
export class KbRecordsTools {
  constructor(private readonly records: KbRecordsService) {}

  @McpTool({
    name: 'update_record',
    title: 'Update a record',
    description:
      'Changes fields of a ticket, customer or access request: `changes` is merged into its ' +
      'fields (null removes one). Give the reason, and the version you read as expectedVersion ' +
      'so a concurrent change is not overwritten.',
    input: UPDATE_RECORD_INPUT,
    output: RECORD_OUTPUT,
    annotations: {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: false,
    },
  })
  @McpRoles('editor')
  async updateRecord(input: UpdateRecordInput, ctx: McpHandlerContext): Promise<JsonObject> {
    try {
      const record = await this.records.update({
        recordId: input.recordId,
        changes: input.changes,
        ...(input.expectedVersion === undefined ? {} : { expectedVersion: input.expectedVersion }),
        updatedBy: ctx.principal.subject,
      });
      return {
        content: [
          { type: 'text', text: `Record ${record.id} is now at version ${record.version}.` },
        ],
        structuredContent: {
          recordId: record.id,
          type: record.type,
          version: record.version,
          fields: record.fields,
          updatedBy: record.updatedBy,
        },
      };
    } catch (error) {
      if (error instanceof RecordUpdateRefused) throw new McpToolError(error.message);
      throw error;
    }
  }
}
