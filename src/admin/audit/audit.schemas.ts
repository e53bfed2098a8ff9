import {
  ANY_JSON,
  BOOLEAN,
  DATE_TIME,
  INTEGER,
  nullable,
  objectOf,
  oneOf,
  pageOf,
  type Schema,
  STRING,
  STRING_LIST,
} from '../http/response-schema.js';

const TEXT = nullable(STRING);

/** The response schemas of src/admin/audit (AuditRecord, AuditChainReport). */
export const AUDIT_SCHEMAS: Record<string, Schema> = {
  AuditRecord: objectOf({
    id: STRING,
    correlationId: STRING,
    event: oneOf(
      'tool_call.started',
      'tool_call.finished',
      'tool_call.completed',
      'admin.change',
      'registry.change',
      'skill.read',
    ),
    occurredAt: DATE_TIME,
    subject: TEXT,
    clientId: TEXT,
    tenant: TEXT,
    roles: nullable(STRING_LIST),
    transport: TEXT,
    sessionId: TEXT,
    requestId: TEXT,
    toolName: TEXT,
    toolVersion: TEXT,
    definitionSha256: TEXT,
    argumentsSha256: TEXT,
    argumentsRedacted: ANY_JSON,
    outcome: TEXT,
    durationMs: nullable(INTEGER),
    detail: TEXT,
    action: TEXT,
    target: TEXT,
    changeBefore: ANY_JSON,
    changeAfter: ANY_JSON,
    prevHash: TEXT,
    rowHash: TEXT,
    result: {
      ...objectOf({ outcome: STRING, durationMs: nullable(INTEGER), detail: TEXT }),
      nullable: true,
    },
  }),
  AuditPage: pageOf('records', 'AuditRecord'),
  AuditChainReport: objectOf(
    {
      ok: BOOLEAN,
      checkedRows: INTEGER,
      unchainedRows: INTEGER,
      archivedRows: INTEGER,
      headHash: TEXT,
      firstBroken: objectOf({
        id: STRING,
        reason: oneOf(
          'row_hash_mismatch',
          'prev_hash_mismatch',
          'missing_hash',
          'checkpoint_signature_mismatch',
        ),
      }),
    },
    ['firstBroken'],
  ),
};
