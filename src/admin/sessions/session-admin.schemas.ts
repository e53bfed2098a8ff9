import {
  ANY_JSON,
  DATE_TIME,
  nullable,
  objectOf,
  pageOf,
  type Schema,
  STRING,
} from '../http/response-schema.js';

/** The response schemas of src/admin/sessions (SessionAdminView). */
export const SESSION_ADMIN_SCHEMAS: Record<string, Schema> = {
  SessionAdminView: objectOf({
    id: STRING,
    subject: STRING,
    clientId: nullable(STRING),
    transport: STRING,
    protocolVersion: STRING,
    clientInfo: ANY_JSON,
    createdAt: DATE_TIME,
    lastSeenAt: DATE_TIME,
  }),
  SessionPage: pageOf('sessions', 'SessionAdminView'),
};
