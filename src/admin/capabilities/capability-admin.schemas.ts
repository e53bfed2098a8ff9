import {
  ANY_JSON,
  BOOLEAN,
  DATE_TIME,
  INTEGER,
  listOf,
  mapOf,
  nullable,
  objectOf,
  oneOf,
  ref,
  type Schema,
  STRING,
  STRING_LIST,
} from '../http/response-schema.js';

const NULLABLE_LIST = nullable(STRING_LIST);

/** The response schemas of src/admin/capabilities (CapabilityAdminView and its parts). */
export const CAPABILITY_ADMIN_SCHEMAS: Record<string, Schema> = {
  DeclaredAccessView: objectOf({ roles: STRING_LIST, scopes: STRING_LIST, public: BOOLEAN }),
  CapabilityPolicy: objectOf({
    kind: oneOf('prompt', 'resource', 'resource-template', 'skill'),
    name: STRING,
    enabled: BOOLEAN,
    roles: NULLABLE_LIST,
    allowedClients: NULLABLE_LIST,
    allowedTenants: NULLABLE_LIST,
    revision: INTEGER,
    updatedAt: nullable(DATE_TIME),
    updatedBy: nullable(STRING),
  }),
  EffectiveAccess: objectOf({
    enabled: BOOLEAN,
    roles: listOf(STRING_LIST),
    scopes: STRING_LIST,
    allowedClients: NULLABLE_LIST,
    allowedTenants: NULLABLE_LIST,
  }),
  CapabilityAdminView: objectOf(
    {
      kind: oneOf('prompt', 'resource', 'resource-template'),
      name: STRING,
      effective: oneOf('served', 'disabled'),
      listing: mapOf(ANY_JSON),
      definitionSha256: STRING,
      declared: ref('DeclaredAccessView'),
      policy: ref('CapabilityPolicy'),
      effectivePolicy: ref('EffectiveAccess'),
    },
    ['definitionSha256'],
  ),
  PromptList: objectOf({ prompts: listOf(ref('CapabilityAdminView')) }),
  ResourceList: objectOf({ resources: listOf(ref('CapabilityAdminView')) }),
  PromptVersionView: objectOf({
    name: STRING,
    definitionSha256: STRING,
    status: oneOf('pending', 'approved', 'rejected'),
    decidedBy: nullable(STRING),
    decidedAt: nullable(DATE_TIME),
    firstSeenAt: DATE_TIME,
  }),
  PromptDefinitionView: {
    allOf: [
      ref('PromptVersionView'),
      objectOf({ definition: mapOf(ANY_JSON), lint: listOf(ref('ToolLintFinding')) }),
    ],
  },
};
