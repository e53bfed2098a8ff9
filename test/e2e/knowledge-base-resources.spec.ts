import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { adminRequest, tokenFor } from '../support/admin-http.js';
import { describeEachDatabase } from '../support/database.js';
import { type KnowledgeBaseApp, startKnowledgeBaseApp } from '../support/knowledge-base-app.js';

const text = (result: unknown): string =>
  (result as { content: { type: string; text?: string }[] }).content
    .flatMap((block) => (block.type === 'text' ? [block.text ?? ''] : []))
    .join('\n');

const readJson = async (client: Client, uri: string): Promise<Record<string, unknown>> => {
  const { contents } = await client.readResource({ uri });
  return JSON.parse(String((contents[0] as { text: string }).text)) as Record<string, unknown>;
};

describeEachDatabase('knowledge-base records, resources and prompts', (tier) => {
  let kb: KnowledgeBaseApp;
  let reader: Client;
  let editor: Client;

  const update = (args: Record<string, unknown>) =>
    editor.callTool({ name: 'update_record', arguments: args });

  beforeAll(async () => {
    kb = await startKnowledgeBaseApp(tier);
    reader = await kb.connect('alice', ['analyst']);
    // update_record is destructive: the server asks the user to confirm each call (README "Call
    // approvals"); this editor's client confirms.
    editor = await kb.connect('erin', ['editor'], { elicitation: { form: {} } });
    editor.setRequestHandler(ElicitRequestSchema, () => ({
      action: 'accept',
      content: { confirm: true },
    }));
  }, 60_000);
  afterAll(async () => {
    await kb?.close();
  });

  it('should merge changes, remove null fields and write version+1 by the caller', async () => {
    const result = await update({
      recordId: 'TCK-1001',
      changes: { status: 'resolved', priority: null, resolution: 'Reset the SSO link' },
      reason: 'Customer confirmed the fix',
      expectedVersion: 1,
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      recordId: 'TCK-1001',
      type: 'ticket',
      version: 2,
      fields: {
        subject: 'Login fails after password reset',
        status: 'resolved',
        resolution: 'Reset the SSO link',
      },
      updatedBy: 'erin',
    });
    expect(await readJson(reader, 'kb://records/TCK-1001')).toMatchObject({
      version: 2,
      updatedBy: 'erin',
      fields: { status: 'resolved' },
    });
  });

  it('should refuse a stale expectedVersion, naming the current one, and change nothing', async () => {
    const result = await update({
      recordId: 'TCK-1002',
      changes: { status: 'closed' },
      reason: 'first',
    });
    expect(result.structuredContent).toMatchObject({ version: 2 });
    const stale = await update({
      recordId: 'TCK-1002',
      changes: { status: 'reopened' },
      reason: 'second',
      expectedVersion: 1,
    });
    expect(stale.isError).toBe(true);
    expect(text(stale)).toContain('version 2');
    expect(await readJson(reader, 'kb://records/TCK-1002')).toMatchObject({
      version: 2,
      fields: { status: 'closed' },
    });
  });

  it('should answer an unknown record and bad input with tool errors that change nothing', async () => {
    const unknown = await update({ recordId: 'TCK-9999', changes: { a: 1 }, reason: 'why' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain('TCK-9999');
    for (const args of [
      { recordId: 'CUS-0001', changes: 'plan=Growth', reason: 'upsell' },
      { recordId: 'CUS-0001', changes: { plan: 'Growth' }, reason: '   ' },
      { recordId: 'CUS-0001', changes: {}, reason: 'nothing' },
      { recordId: 'CUS-0001', changes: { plan: 'Growth' } },
      { recordId: 'CUS-0001', changes: { plan: 'Growth' }, reason: 'x', expectedVersion: '1' },
    ]) {
      const refused = await update(args);
      expect(refused.isError, JSON.stringify(args)).toBe(true);
      expect(text(refused)).toContain('Invalid arguments');
    }
    expect(await readJson(reader, 'kb://records/CUS-0001')).toMatchObject({
      version: 1,
      fields: { plan: 'Starter' },
    });
  });

  it('should queue the update of a client that cannot ask its user, and refuse it once stale', async () => {
    // No elicitation: the call waits for an approver (docs/approvals.md "Call approvals").
    const queuing = await kb.connect('quinn', ['editor']);
    await queuing.listTools(); // the SDK client then checks results against each outputSchema
    const queued = await queuing.callTool({
      name: 'update_record',
      arguments: {
        recordId: 'CUS-0001',
        changes: { plan: 'Enterprise' },
        reason: 'signed the enterprise contract',
        expectedVersion: 1,
      },
    });
    expect(queued.isError).toBe(true);
    const { approval } = queued.structuredContent as { approval: { id: string; status: string } };
    expect(approval.status).toBe('pending');
    expect(queued._meta?.['io.github.enterprise-mcp/approval']).toEqual(approval);
    expect(text(queued)).toContain('awaits approval');

    // Someone else changes the record while the call waits; the approved call then refuses.
    const meanwhile = await update({
      recordId: 'CUS-0001',
      changes: { plan: 'Growth' },
      reason: 'upgraded in the billing system',
      expectedVersion: 1,
    });
    expect(meanwhile.structuredContent).toMatchObject({ version: 2 });
    const approver = tokenFor(kb.jwks, 'bob', ['approver']);
    const approvalPath = `/admin/api/approvals/${approval.id}`;
    const decided = await adminRequest(
      kb.app.origin,
      'POST',
      `${approvalPath}/approve`,
      approver,
      {},
    );
    expect(decided.status).toBe(200);
    await expect
      .poll(async () => {
        const { body } = await adminRequest(kb.app.origin, 'GET', approvalPath, approver);
        return body.status;
      })
      .toBe('failed');
    const { body } = await adminRequest(kb.app.origin, 'GET', approvalPath, approver);
    expect(JSON.stringify(body.result)).toContain('version 2');
    expect(await readJson(reader, 'kb://records/CUS-0001')).toMatchObject({
      version: 2,
      fields: { plan: 'Growth' },
    });
  });

  it('should hide update_record from a principal without the editor role', async () => {
    await expect(
      reader.callTool({
        name: 'update_record',
        arguments: { recordId: 'CUS-0001', changes: { plan: 'Growth' }, reason: 'upsell' },
      }),
    ).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/Unknown tool/) });
  });

  it('should serve documents and sections as Markdown and refuse unknown ones', async () => {
    const { resourceTemplates } = await reader.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual(
      expect.arrayContaining([
        'kb://docs/{docId}',
        'kb://docs/{docId}/sections/{sectionId}',
        'kb://records/{recordId}',
      ]),
    );
    const document = await reader.readResource({ uri: 'kb://docs/handbook%2Fleave' });
    expect(document.contents[0]).toMatchObject({ mimeType: 'text/markdown' });
    const markdown = String((document.contents[0] as { text: string }).text);
    expect(markdown).toMatch(/^# Leave and time off\n/);
    expect(markdown).toContain('\n## Carry-over\n\nYou may carry up to five');
    const section = await reader.readResource({
      uri: 'kb://docs/runbooks%2Fdatabase-failover/sections/promote-the-replica',
    });
    expect((section.contents[0] as { text: string }).text).toMatch(/^## Promote the replica\n/);
    await expect(reader.readResource({ uri: 'kb://docs/handbook%2Fnope' })).rejects.toMatchObject({
      code: -32002,
    });
  });

  it('should list every document in resources/list, after the static resources', async () => {
    const listed: { uri: string; title?: string; mimeType?: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await reader.listResources(cursor === undefined ? {} : { cursor });
      listed.push(...page.resources);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const documents = listed.filter((resource) => resource.uri.startsWith('kb://docs/'));
    expect(documents).toEqual([
      expect.objectContaining({
        uri: 'kb://docs/handbook%2Fleave',
        title: 'Leave and time off',
        mimeType: 'text/markdown',
      }),
      expect.objectContaining({ uri: 'kb://docs/runbooks%2Fdatabase-failover' }),
    ]);
    // The files of the served Agent Skills come last (docs/skills.md "What clients see").
    const registered = listed.filter((resource) => !resource.uri.startsWith('skill://'));
    expect(registered.slice(-documents.length)).toEqual(documents);
    expect(listed.slice(registered.length).every((r) => r.uri.startsWith('skill://'))).toBe(true);
    const [first] = documents;
    const { contents } = await reader.readResource({ uri: first?.uri ?? '' });
    expect(String((contents[0] as { text: string }).text)).toContain('# Leave and time off');
  });

  it('should complete document, section and record ids', async () => {
    const complete = async (uri: string, name: string, value: string, context = {}) =>
      (
        await reader.complete({
          ref: { type: 'ref/resource', uri },
          argument: { name, value },
          context: { arguments: context },
        })
      ).completion.values;
    expect(await complete('kb://docs/{docId}', 'docId', '')).toEqual([
      'handbook/leave',
      'runbooks/database-failover',
    ]);
    expect(await complete('kb://docs/{docId}', 'docId', 'run')).toEqual([
      'runbooks/database-failover',
    ]);
    expect(
      await complete('kb://docs/{docId}/sections/{sectionId}', 'sectionId', '', {
        docId: 'handbook/leave',
      }),
    ).toEqual(['leave-and-time-off', 'annual-leave', 'carry-over', 'sick-leave']);
    expect(await complete('kb://records/{recordId}', 'recordId', 'TCK')).toEqual([
      'TCK-1001',
      'TCK-1002',
    ]);
  });

  it('should embed the best sections in answer_from_docs and the document in summarize_doc', async () => {
    const answer = await reader.getPrompt({
      name: 'answer_from_docs',
      arguments: { question: 'annual leave days per year' },
    });
    const embedded = answer.messages.filter((message) => message.content.type === 'resource');
    expect(embedded.length).toBeGreaterThan(0);
    expect(embedded.length).toBeLessThanOrEqual(3);
    expect(embedded[0]?.content).toMatchObject({
      resource: { uri: 'kb://docs/handbook%2Fleave/sections/annual-leave' },
    });
    expect(answer.messages.at(-1)?.content).toMatchObject({
      type: 'text',
      text: expect.stringContaining('Question: annual leave days per year'),
    });
    const summary = await reader.getPrompt({
      name: 'summarize_doc',
      arguments: { docId: 'runbooks/database-failover' },
    });
    expect(summary.messages[0]?.content).toMatchObject({
      type: 'resource',
      resource: { uri: 'kb://docs/runbooks%2Fdatabase-failover' },
    });
    await expect(
      reader.getPrompt({ name: 'summarize_doc', arguments: { docId: 'nope' } }),
    ).rejects.toMatchObject({ code: -32602 });
  });
});
