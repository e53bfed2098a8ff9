import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import { AdminModule } from './admin.module.js';
import { APPROVAL_ADMIN_SCHEMAS } from './approvals/approval-admin.schemas.js';
import { AUDIT_SCHEMAS } from './audit/audit.schemas.js';
import { CAPABILITY_ADMIN_SCHEMAS } from './capabilities/capability-admin.schemas.js';
import { OVERVIEW_SCHEMAS } from './overview/overview.schemas.js';
import { SESSION_ADMIN_SCHEMAS } from './sessions/session-admin.schemas.js';
import { SKILL_ADMIN_SCHEMAS } from './skills/skill-admin.schemas.js';
import { TOOL_ADMIN_SCHEMAS } from './tools/tool-admin.schemas.js';
import { UPSTREAM_ADMIN_SCHEMAS } from './upstreams/upstream-admin.schemas.js';

/**
 * The admin API's OpenAPI document at `/admin/api/openapi.json` and Swagger UI at
 * `/admin/api/docs` (README, "Operate: the admin API"). Only the admin controllers are
 * described. Both are public on purpose (docs/security.md "Admin edge"): they describe the
 * API, as the README does, and hold no data; a browser must load the UI before it has a token
 * to try an operation with. Every operation is documented with the bearer requirement and the
 * 401 and 403 of AdminGuard, which AdminModule binds to every admin route.
 */
const RESPONSE_SCHEMAS = {
  ...TOOL_ADMIN_SCHEMAS,
  ...APPROVAL_ADMIN_SCHEMAS,
  ...SESSION_ADMIN_SCHEMAS,
  ...AUDIT_SCHEMAS,
  ...OVERVIEW_SCHEMAS,
  ...CAPABILITY_ADMIN_SCHEMAS,
  ...SKILL_ADMIN_SCHEMAS,
  ...UPSTREAM_ADMIN_SCHEMAS,
};

export function setupAdminApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('MCP server admin API')
    .setDescription(
      'Tools, prompts, resources and skills with their policy, approvals, sessions, federated ' +
        'upstreams and the audit log. ' +
        'Requires role admin.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addSecurityRequirements('bearer')
    .addGlobalResponse(
      { status: 401, description: 'No valid bearer token (`WWW-Authenticate` says why)' },
      { status: 403, description: "The token lacks the route's role (`admin` unless stated)" },
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, { include: [AdminModule] });
  // The views' schemas, referenced by the operations' `@ApiOkResponse` (src/admin/http/response-schema.ts).
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...RESPONSE_SCHEMAS },
  };
  SwaggerModule.setup('admin/api/docs', app, document, {
    jsonDocumentUrl: 'admin/api/openapi.json',
    raw: ['json'],
  });
}
