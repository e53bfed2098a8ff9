import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

import { AdminModule } from './admin.module.js';

/**
 * The admin API's OpenAPI document at `/admin/api/openapi.json` and Swagger UI at
 * `/admin/api/docs` (ARCHITECTURE "HTTP surface"). Only the admin controllers are described;
 * the document itself is public (it holds no data), the operations need role `admin`.
 */
export function setupAdminApiDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('MCP server admin API')
    .setDescription(
      'Tools, prompts and resources with their policy, approvals, sessions and the audit log. ' +
        'Requires role admin.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, { include: [AdminModule] });
  SwaggerModule.setup('admin/api/docs', app, document, {
    jsonDocumentUrl: 'admin/api/openapi.json',
    raw: ['json'],
  });
}
