import {
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
  ANY_JSON,
} from '../http/response-schema.js';

const NULLABLE_LIST = nullable(STRING_LIST);

/** The response schemas of src/admin/skills (SkillAdminView and its parts). */
export const SKILL_ADMIN_SCHEMAS: Record<string, Schema> = {
  SkillVersionView: objectOf({
    digest: STRING,
    status: oneOf('pending', 'approved', 'rejected'),
    current: BOOLEAN,
    served: BOOLEAN,
    firstSeenAt: DATE_TIME,
    decidedBy: nullable(STRING),
    decidedAt: nullable(DATE_TIME),
  }),
  SkillFileView: objectOf({ uri: STRING, digest: STRING, size: INTEGER }),
  SkillPolicy: objectOf({
    kind: oneOf('skill'),
    name: STRING,
    enabled: BOOLEAN,
    roles: NULLABLE_LIST,
    allowedClients: NULLABLE_LIST,
    allowedTenants: NULLABLE_LIST,
    revision: INTEGER,
    updatedAt: nullable(DATE_TIME),
    updatedBy: nullable(STRING),
  }),
  SkillEffectivePolicy: objectOf({
    enabled: BOOLEAN,
    roles: listOf(STRING_LIST),
    scopes: STRING_LIST,
    allowedClients: NULLABLE_LIST,
    allowedTenants: NULLABLE_LIST,
  }),
  SkillAdminView: objectOf({
    name: STRING,
    uri: STRING,
    origin: nullable(STRING),
    effective: oneOf('served', 'disabled', 'withheld', 'removed'),
    servedDigest: nullable(STRING),
    frontmatter: { ...mapOf(ANY_JSON), nullable: true },
    files: listOf(ref('SkillFileView')),
    declared: objectOf({ roles: STRING_LIST, scopes: STRING_LIST, public: BOOLEAN }),
    policy: ref('SkillPolicy'),
    effectivePolicy: ref('SkillEffectivePolicy'),
    versions: listOf(ref('SkillVersionView')),
  }),
  SkillList: objectOf({
    skills: listOf(ref('SkillAdminView')),
    problems: listOf(objectOf({ file: STRING, message: STRING })),
  }),
};
