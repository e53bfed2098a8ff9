import {
  ANY_JSON,
  DATE_TIME,
  nullable,
  objectOf,
  pageOf,
  type Schema,
  STRING,
} from '../http/response-schema.js';

/** The response schemas of src/admin/approvals (ApprovalAdminView). */
export const APPROVAL_ADMIN_SCHEMAS: Record<string, Schema> = {
  ApprovalAdminView: objectOf({
    id: STRING,
    status: STRING,
    tool: STRING,
    toolVersion: STRING,
    definitionSha256: STRING,
    arguments: { type: 'object', additionalProperties: ANY_JSON },
    argumentsSha256: STRING,
    requester: objectOf({
      subject: STRING,
      tenant: nullable(STRING),
      clientId: nullable(STRING),
      sessionId: nullable(STRING),
    }),
    idempotencyKey: nullable(STRING),
    decidedBy: nullable(STRING),
    decisionReason: nullable(STRING),
    decidedAt: nullable(DATE_TIME),
    expiresAt: DATE_TIME,
    result: { type: 'object', additionalProperties: ANY_JSON, nullable: true },
    createdAt: DATE_TIME,
    executedAt: nullable(DATE_TIME),
  }),
  ApprovalPage: pageOf('approvals', 'ApprovalAdminView'),
};
