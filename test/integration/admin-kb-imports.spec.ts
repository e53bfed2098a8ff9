import { afterAll, beforeAll, expect, it } from 'vitest';

import { adminRequest, authEnv, tokenFor } from '../support/admin-http.js';
import { describeEachDatabase } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PATH = '/admin/api/kb/imports';

/**
 * `POST /admin/api/kb/imports`, the way `kb:import` writes through a running server: an
 * admin's import is applied and audited; invalid input is a 400 naming the fields and changes
 * nothing.
 */
describeEachDatabase('POST /admin/api/kb/imports', (tier) => {
  let jwks: TestJwksServer;
  let app: TestApp;
  let admin: string;

  const post = (body: unknown) => adminRequest(app.origin, 'POST', PATH, admin, body);
  const lastAudit = async () => {
    const { body } = await adminRequest(app.origin, 'GET', '/admin/api/audit?limit=1', admin);
    return (body.records as Record<string, unknown>[])[0];
  };

  beforeAll(async () => {
    jwks = await startJwksServer();
    app = await startTestApp({ tier, env: authEnv(jwks) });
    admin = tokenFor(jwks, 'root', ['admin']);
  });

  afterAll(async () => {
    await app?.close();
    await jwks?.close();
  });

  it('should import documents and records, answer the counts and audit the import', async () => {
    const body = {
      documents: [
        { source: 'handbook/leave.md', content: '# Leave\n\nIntro.\n\n## Who\nEveryone.' },
        { source: 'memo.txt', content: 'no headings here' },
      ],
      records: [{ id: 'TCK-1', type: 'ticket', fields: { status: 'open' } }],
      paths: ['docs/'],
    };
    const first = await post(body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      imported: 2,
      sections: 3,
      unchanged: 0,
      removed: 0,
      records: { written: 1, unchanged: 0 },
    });
    expect(await lastAudit()).toMatchObject({
      event: 'admin.change',
      action: 'kb.import',
      subject: 'root',
      transport: 'admin-api',
      target: 'docs/',
    });

    const pruned = await post({ documents: [], keepSources: ['memo.txt'], paths: ['docs/'] });
    expect(pruned.body).toMatchObject({ imported: 0, removed: 1 });
  });

  it.each([
    ['an unknown field', { documents: [], paths: [], extra: 1 }, 'extra'],
    ['no paths', { documents: [] }, 'paths'],
    [
      'a document without content',
      { documents: [{ source: 'a.md' }], paths: [] },
      'documents.0.content',
    ],
    [
      'fields that are not an object',
      { documents: [], paths: [], records: [{ id: 'x', type: 't', fields: [] }] },
      'records.0.fields',
    ],
    [
      'a source given twice',
      {
        documents: [
          { source: 'a.md', content: 'a' },
          { source: 'a.md', content: 'b' },
        ],
        paths: [],
      },
      'documents',
    ],
  ])('should refuse %s with 400 naming the field, changing nothing', async (_name, body, field) => {
    const before = await lastAudit();
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.body.fieldErrors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field })]),
    );
    expect(await lastAudit()).toEqual(before);
  });
});
