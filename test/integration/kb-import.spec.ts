import { beforeEach, expect, it } from 'vitest';

import { KbImportService } from '../../src/capabilities/knowledge-base/import/kb-import.service.js';
import { KbImportSettings } from '../../src/capabilities/knowledge-base/import/kb-import.settings.js';
import type { KbImportRequest } from '../../src/capabilities/knowledge-base/import/kb-import.types.js';
import type { ImportActor } from '../../src/capabilities/knowledge-base/import/kb-importer.js';
import { KbSeeder } from '../../src/capabilities/knowledge-base/import/kb-seeder.js';
import { KnowledgeBaseChanges } from '../../src/capabilities/knowledge-base/knowledge-base.changes.js';
import type { ChangeEvent } from '../../src/events/change-bus.js';
import { LocalChangeBus } from '../../src/events/local-change.bus.js';
import { CapabilityChanges } from '../../src/mcp/subscriptions/capability-changes.js';
import { KB_ENTITIES } from '../../src/capabilities/knowledge-base/knowledge-base.entities.js';
import { describeEachDatabase, useTestDatabase } from '../support/database.js';

const actor: ImportActor = {
  principal: {
    subject: 'root',
    roles: ['admin'],
    scopes: new Set(),
    clientId: 'ops-console',
    tenant: undefined,
    authenticated: true,
    expiresAt: undefined,
  },
  transport: 'admin-api',
};

const LEAVE = '---\ntags: [handbook, leave]\n---\n# Leave\n\nIntro.\n\n## Who\nEveryone.\n';
const LEAVE_V2 = '# Leave\n\nIntro.\n\n## Who qualifies\nStaff after probation.\n';
const MEMO = 'Memo\n====\n\nNotes\n-----\nkept\n';

const request = (documents: Record<string, string>, extra: Partial<KbImportRequest> = {}) => ({
  documents: Object.entries(documents).map(([source, content]) => ({ source, content })),
  paths: ['docs/'],
  ...extra,
});

/**
 * The import pipeline against a real database: documents and sections written per document,
 * unchanged ones skipped, revisions, the prune, records with versions, the audit row of each
 * import, the announcement to every instance, and the seed at start.
 */
describeEachDatabase('knowledge-base import', (tier) => {
  const db = useTestDatabase(tier, { entities: KB_ENTITIES });
  let events: ChangeEvent[];
  let sut: KbImportService;

  const query = <T>(sql: string, parameters: unknown[] = []): Promise<T[]> =>
    db().dataSource.query(sql, parameters);
  const documents = () =>
    query<{ source: string; title: string; tags: string[]; revision: number; imported_by: string }>(
      'SELECT source, title, tags, revision, imported_by FROM kb_documents ORDER BY source',
    );
  const importAudits = () =>
    query<{
      event: string;
      subject: string;
      transport: string;
      target: string;
      change_after: Record<string, unknown>;
    }>(
      `SELECT event, subject, transport, target, change_after FROM audit_log
        WHERE action = 'kb.import' ORDER BY id`,
    );

  beforeEach(async () => {
    await query('DELETE FROM kb_documents');
    await query('DELETE FROM kb_records');
    const bus = new LocalChangeBus();
    events = [];
    bus.subscribe((event) => events.push(event));
    sut = new KbImportService(
      db().dataSource,
      new KnowledgeBaseChanges(bus, new CapabilityChanges(bus)),
    );
  });

  it('should write documents and their sections, searchable, and report the counts', async () => {
    const report = await sut.import(
      request({ 'handbook/leave.md': LEAVE, 'memo.txt': MEMO }),
      actor,
    );
    expect(report).toMatchObject({ imported: 2, sections: 3, unchanged: 0, removed: 0 });
    expect(await documents()).toEqual([
      {
        source: 'handbook/leave.md',
        title: 'Leave',
        tags: ['handbook', 'leave'],
        revision: 1,
        imported_by: 'root',
      },
      { source: 'memo.txt', title: 'Memo', tags: [], revision: 1, imported_by: 'root' },
    ]);
    const sections = await query<{
      id: string;
      heading: string;
      heading_path: string[];
      position: number;
    }>(
      `SELECT s.id, s.heading, s.heading_path, s.position FROM kb_sections s
         JOIN kb_documents d ON d.id = s.doc_id WHERE d.source = 'handbook/leave.md'
        ORDER BY s.position`,
    );
    expect(sections).toEqual([
      { id: 'leave', heading: 'Leave', heading_path: [], position: 0 },
      { id: 'who', heading: 'Who', heading_path: ['Leave'], position: 1 },
    ]);
    const hits = await query<{ id: string }>(
      `SELECT id FROM kb_sections WHERE search @@ plainto_tsquery('english', 'everyone')`,
    );
    expect(hits).toEqual([{ id: 'who' }]);
  });

  it('should skip unchanged documents, and bump the revision and replace the sections of changed ones', async () => {
    await sut.import(request({ 'handbook/leave.md': LEAVE, 'memo.txt': MEMO }), actor);
    const again = await sut.import(
      request({ 'handbook/leave.md': LEAVE, 'memo.txt': MEMO }),
      actor,
    );
    expect(again).toMatchObject({ imported: 0, sections: 0, unchanged: 2, changedIds: [] });

    const changed = await sut.import(request({ 'handbook/leave.md': LEAVE_V2 }), actor);
    expect(changed).toMatchObject({ imported: 1, sections: 2, unchanged: 0, addedIds: [] });
    expect((await documents()).map((doc) => [doc.source, doc.revision, doc.tags])).toEqual([
      ['handbook/leave.md', 2, []],
      ['memo.txt', 1, []],
    ]);
    const ids = await query<{ id: string }>(
      `SELECT s.id FROM kb_sections s JOIN kb_documents d ON d.id = s.doc_id
        WHERE d.source = 'handbook/leave.md' ORDER BY s.position`,
    );
    expect(ids.map((row) => row.id)).toEqual(['leave', 'who-qualifies']);
  });

  it('should leave one set of sections when two imports of the same new file race', async () => {
    const file = request({ 'race.md': '# Race\n\nIntro.\n\n## Lap\nOne.' });
    const reports = await Promise.all([sut.import(file, actor), sut.import(file, actor)]);
    expect(reports.map((report) => report.imported + report.unchanged)).toEqual([1, 1]);
    expect(await query('SELECT id FROM kb_sections ORDER BY position')).toEqual([
      { id: 'race' },
      { id: 'lap' },
    ]);
  });

  it('should prune the documents the import no longer found, sections included', async () => {
    await sut.import(request({ 'a.md': '# A', 'b.md': '# B', 'c.md': '# C' }), actor);
    const report = await sut.import(
      request({ 'a.md': '# A' }, { keepSources: ['a.md', 'c.md'] }),
      actor,
    );
    expect(report).toMatchObject({ imported: 0, unchanged: 1, removed: 1 });
    expect((await documents()).map((doc) => doc.source)).toEqual(['a.md', 'c.md']);
    const orphans = await query('SELECT 1 FROM kb_sections WHERE doc_id = ANY($1)', [
      report.removedIds,
    ]);
    expect(orphans).toEqual([]);
  });

  it('should upsert records: version 1 when new, + 1 when changed, untouched when equal', async () => {
    const records = [
      { id: 'TCK-1', type: 'ticket', fields: { status: 'open' } },
      { id: 'CUS-1', type: 'customer', fields: { plan: 'Growth' } },
    ];
    expect((await sut.import(request({}, { records }), actor)).records).toEqual({
      written: 2,
      unchanged: 0,
    });
    const next = [records[0]!, { id: 'CUS-1', type: 'customer', fields: { plan: 'Enterprise' } }];
    const report = await sut.import(request({}, { records: next }), actor);
    expect(report.records).toEqual({ written: 1, unchanged: 1 });
    expect(report.changedRecordIds).toEqual(['CUS-1']);
    expect(
      await query('SELECT id, version, fields, updated_by FROM kb_records ORDER BY id'),
    ).toEqual([
      { id: 'CUS-1', version: 2, fields: { plan: 'Enterprise' }, updated_by: 'root' },
      { id: 'TCK-1', version: 1, fields: { status: 'open' }, updated_by: 'root' },
    ]);
  });

  it('should audit every import with who, through what, the paths and the counts', async () => {
    const before = (await importAudits()).length;
    await sut.import(request({ 'a.md': '# A\ntext' }, { keepSources: ['a.md'] }), actor);
    const rows = (await importAudits()).slice(before);
    expect(rows).toEqual([
      {
        event: 'admin.change',
        subject: 'root',
        transport: 'admin-api',
        target: 'docs/',
        change_after: expect.objectContaining({
          paths: ['docs/'],
          prune: true,
          imported: 1,
          sections: 1,
          unchanged: 0,
          removed: 0,
          changedIds: [expect.stringMatching(/^a-[0-9a-f]{6}$/)],
        }),
      },
    ]);
  });

  it('should refuse bad input as a whole: nothing written, nothing audited', async () => {
    const before = (await importAudits()).length;
    const bad = request({ 'a.md': '# A', 'b.md': 'binary\0' });
    await expect(sut.import(bad, actor)).rejects.toThrow(/b\.md: not a text file/);
    const twice = {
      documents: [
        { source: 'a.md', content: '# A' },
        { source: 'a.md', content: '# B' },
      ],
      paths: ['x'],
    };
    await expect(sut.import(twice, actor)).rejects.toThrow(/a\.md: given twice/);
    expect(await documents()).toEqual([]);
    expect((await importAudits()).length).toBe(before);
  });

  it('should announce changed documents, and a list change only when documents came or went', async () => {
    const first = await sut.import(request({ 'a.md': '# A' }), actor);
    expect(events.map((event) => event.channel)).toEqual([
      'kb.changed',
      'mcp.resources.updated',
      'mcp.resources.list_changed',
    ]);
    events.length = 0;
    await sut.import(request({ 'a.md': '# A changed' }), actor);
    expect(events).toEqual([
      { channel: 'kb.changed', payload: { kind: 'documents' } },
      { channel: 'mcp.resources.updated', payload: { uri: `kb://docs/${first.changedIds[0]}` } },
    ]);
    events.length = 0;
    await sut.import(request({ 'a.md': '# A changed' }), actor);
    expect(events).toEqual([]);
  });

  it('should seed an empty knowledge base once, as the server, even when instances start together', async () => {
    const seeder = () =>
      new KbSeeder(
        new KbImportSettings({ seedOnStart: true }),
        db().dataSource,
        new KnowledgeBaseChanges(new LocalChangeBus(), new CapabilityChanges(new LocalChangeBus())),
      );
    const before = (await importAudits()).length;
    await Promise.all([seeder().onApplicationBootstrap(), seeder().onApplicationBootstrap()]);
    expect(await query('SELECT count(*)::int AS count FROM kb_documents')).toEqual([{ count: 65 }]);
    expect(await query('SELECT count(*)::int AS count FROM kb_records')).toEqual([{ count: 43 }]);
    const rows = (await importAudits()).slice(before);
    expect(rows).toEqual([
      expect.objectContaining({ event: 'registry.change', subject: 'system', transport: 'system' }),
    ]);

    await query(`DELETE FROM kb_documents WHERE source <> 'handbook/benefits.md'`);
    await seeder().onApplicationBootstrap();
    expect(await query('SELECT count(*)::int AS count FROM kb_documents')).toEqual([{ count: 1 }]);
  });

  it('should not seed when KB_SEED_ON_START is false', async () => {
    const seeder = new KbSeeder(
      new KbImportSettings({ seedOnStart: false }),
      db().dataSource,
      new KnowledgeBaseChanges(new LocalChangeBus(), new CapabilityChanges(new LocalChangeBus())),
    );
    await seeder.onApplicationBootstrap();
    expect(await documents()).toEqual([]);
  });
});
