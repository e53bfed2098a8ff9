import {
  ANY_JSON,
  BOOLEAN,
  DATE_TIME,
  INTEGER,
  listOf,
  nullable,
  objectOf,
  ref,
  type Schema,
  STRING,
  STRING_LIST,
} from '../http/response-schema.js';

/** The response schemas of src/admin/upstreams (UpstreamAdminView). */
export const UPSTREAM_ADMIN_SCHEMAS: Record<string, Schema> = {
  UpstreamAdminView: objectOf({
    name: STRING,
    transport: STRING,
    url: nullable(STRING),
    command: nullable(STRING),
    args: STRING_LIST,
    headers: listOf(objectOf({ name: STRING, configured: BOOLEAN })),
    auth: {
      type: 'object',
      properties: { type: STRING, secretConfigured: BOOLEAN },
      required: ['type', 'secretConfigured'],
      additionalProperties: ANY_JSON,
    },
    enabled: BOOLEAN,
    timeoutMs: nullable(INTEGER),
    managedBy: STRING,
    revision: INTEGER,
    createdAt: DATE_TIME,
    updatedAt: DATE_TIME,
    updatedBy: STRING,
    health: objectOf({ state: STRING, since: DATE_TIME, lastError: nullable(STRING) }),
    lastSyncAt: nullable(DATE_TIME),
    lastSyncError: nullable(STRING),
    tools: listOf(
      objectOf({
        name: STRING,
        upstreamName: STRING,
        servedVersion: nullable(STRING),
        servedDefinitionSha256: nullable(STRING),
        withheld: nullable(STRING),
      }),
    ),
    held: listOf(objectOf({ name: STRING, reason: STRING })),
    pendingDefinitions: listOf(
      objectOf({ tool: STRING, version: STRING, definitionSha256: STRING, firstSeenAt: DATE_TIME }),
    ),
    pendingPromptDefinitions: listOf(objectOf({ prompt: STRING, definitionSha256: STRING })),
  }),
  UpstreamList: objectOf({ upstreams: listOf(ref('UpstreamAdminView')) }),
};
