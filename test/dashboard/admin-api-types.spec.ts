import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type OpenApiDocument, typesOfDocument } from '../../scripts/openapi-types.mjs';
import { startTestApp, type TestApp } from '../support/test-app.js';

const GENERATED = resolve(
  import.meta.dirname,
  '../../web/dashboard/src/api/admin-api.generated.ts',
);

/**
 * The dashboard's API types are generated from the OpenAPI document the server serves; this
 * fails when the committed file is stale (README "The admin dashboard"). With
 * UPDATE_API_TYPES=true it rewrites the file instead.
 */
describe('dashboard API types', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('should match the admin OpenAPI document the server serves', async () => {
    const response = await fetch(`${app.origin}/admin/api/openapi.json`);
    expect(response.status).toBe(200);
    const types = typesOfDocument((await response.json()) as OpenApiDocument);
    if (process.env.UPDATE_API_TYPES === 'true') writeFileSync(GENERATED, types);
    expect(readFileSync(GENERATED, 'utf8')).toBe(types);
  });

  it('should describe the body of every read the dashboard makes', async () => {
    const document = (await (await fetch(`${app.origin}/admin/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
    };
    for (const path of [
      '/admin/api/tools',
      '/admin/api/tools/{name}',
      '/admin/api/tool-calls',
      '/admin/api/overview',
      '/admin/api/approvals',
      '/admin/api/sessions',
      '/admin/api/audit',
      '/admin/api/audit/verify',
    ]) {
      expect(document.paths[path]?.get?.responses['200']?.content, path).toBeDefined();
    }
  });
});
