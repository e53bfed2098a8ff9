import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { KnowledgeBaseChanges } from '../../src/capabilities/knowledge-base/knowledge-base.changes.js';

import { describeEachDatabase } from '../support/database.js';
import { eventually, tokenFor } from '../support/admin-http.js';
import { type KnowledgeBaseApp, startKnowledgeBaseApp } from '../support/knowledge-base-app.js';
import { postModern, withMeta } from '../support/modern-http.js';
import { insertDocuments } from '../support/knowledge-base-fixtures.js';

interface Hit {
  docId: string;
  sectionId: string;
  title: string;
  heading: string;
  snippet: string;
  score: number;
  source: string;
}
interface Page {
  hits: Hit[];
  nextCursor?: string;
}

const text = (result: unknown): string =>
  (result as { content: { type: string; text?: string }[] }).content
    .flatMap((block) => (block.type === 'text' ? [block.text ?? ''] : []))
    .join('\n');

describeEachDatabase('knowledge-base tools over the SDK client', (tier) => {
  let kb: KnowledgeBaseApp;
  let reader: Client;
  let editor: Client;

  const search = async (args: Record<string, unknown>): Promise<Page> => {
    const result = await reader.callTool({ name: 'search_docs', arguments: args });
    expect(result.isError).toBeFalsy();
    return result.structuredContent as Page;
  };

  beforeAll(async () => {
    kb = await startKnowledgeBaseApp(tier);
    reader = await kb.connect('alice', ['analyst']);
    editor = await kb.connect('erin', ['editor']);
  }, 60_000);
  afterAll(async () => {
    await kb?.close();
  });

  it('should list update_record only to editors, destructive and not idempotent', async () => {
    const listed = (await reader.listTools()).tools;
    expect(listed.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['search_docs', 'open_doc_section', 'summarize_section']),
    );
    expect(listed.map((tool) => tool.name)).not.toContain('update_record');
    expect(listed.find((tool) => tool.name === 'search_docs')).toMatchObject({
      annotations: { readOnlyHint: true },
      outputSchema: { type: 'object', required: ['hits'] },
    });
    const update = (await editor.listTools()).tools.find((tool) => tool.name === 'update_record');
    expect(update?.annotations).toMatchObject({ destructiveHint: true, idempotentHint: false });
  });

  it('should rank the section whose heading names the topic first, with a marked snippet', async () => {
    const { hits } = await search({ query: 'annual leave days per year' });
    expect(hits[0]).toMatchObject({
      docId: 'handbook/leave',
      sectionId: 'annual-leave',
      title: 'Leave and time off',
      heading: 'Annual leave',
      source: 'handbook/leave.md',
    });
    expect(hits[0]?.snippet).toMatch(/«(annual|leave|days|year)»/i);
    expect(hits[0]?.score).toBeGreaterThan(0);
    expect(hits[0]?.score).toBeLessThanOrEqual(1);
  });

  it('should page through every match with cursors and refuse a cursor of another query', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search({ query: 'leave', limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.hits.length).toBeLessThanOrEqual(2);
      seen.push(...page.hits.map((hit) => hit.sectionId));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(seen.sort()).toEqual(['annual-leave', 'carry-over', 'leave-and-time-off', 'sick-leave']);

    const first = await search({ query: 'leave', limit: 1 });
    await expect(
      reader.callTool({
        name: 'search_docs',
        arguments: { query: 'replica', cursor: first.nextCursor },
      }),
    ).rejects.toMatchObject({ code: -32602 });
    await expect(
      reader.callTool({ name: 'search_docs', arguments: { query: 'leave', cursor: 'bm9wZQ' } }),
    ).rejects.toMatchObject({ code: -32602 });
  });

  it('should read a lower-case "or" as a word and an upper-case OR as either', async () => {
    const word = await search({ query: 'replica or notice' });
    expect(word.hits).toEqual([]);
    const either = await search({ query: 'replica OR notice' });
    expect(new Set(either.hits.map((hit) => hit.sectionId))).toEqual(
      new Set(['promote-the-replica', 'annual-leave']),
    );
  });

  it('should filter by document tags', async () => {
    const all = await search({ query: 'policy' });
    expect(new Set(all.hits.map((hit) => hit.docId))).toEqual(
      new Set(['handbook/leave', 'runbooks/database-failover']),
    );
    const runbooks = await search({ query: 'policy', tags: ['runbooks'] });
    expect(runbooks.hits.map((hit) => hit.sectionId)).toEqual(['promote-the-replica']);
    expect((await search({ query: 'policy', tags: ['nothing-has-this'] })).hits).toEqual([]);
  });

  it('should answer an empty list for no match and for a query of stop words only', async () => {
    const none = await reader.callTool({
      name: 'search_docs',
      arguments: { query: 'zebra quantum' },
    });
    expect(none.structuredContent).toEqual({ hits: [] });
    expect(text(none)).toContain('No section matches');
    expect((await search({ query: 'the and of' })).hits).toEqual([]);
  });

  it('should open a section with its heading path and links to the document and neighbours', async () => {
    const result = await reader.callTool({
      name: 'open_doc_section',
      arguments: { docId: 'handbook/leave', sectionId: 'annual-leave' },
    });
    expect(result.isError).toBeFalsy();
    expect(text(result)).toContain('Leave and time off › Annual leave');
    expect(text(result)).toContain('28 days of annual leave');
    const links = (result.content as { type: string; uri?: string }[]).filter(
      (block) => block.type === 'resource_link',
    );
    expect(links.map((link) => link.uri)).toEqual([
      'kb://docs/handbook%2Fleave',
      'kb://docs/handbook%2Fleave/sections/leave-and-time-off',
      'kb://docs/handbook%2Fleave/sections/carry-over',
    ]);
    expect(result.structuredContent).toMatchObject({
      headingPath: ['Leave and time off'],
      previousSectionId: 'leave-and-time-off',
      nextSectionId: 'carry-over',
    });
  });

  it('should answer an unknown section with a tool error naming it', async () => {
    const result = await reader.callTool({
      name: 'open_doc_section',
      arguments: { docId: 'handbook/leave', sectionId: 'no-such-section' },
    });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('no-such-section');
  });

  it("should summarize with the client's model when it offers sampling", async () => {
    const sampler = await kb.connect('sam', ['analyst'], { sampling: {} });
    const asked: string[] = [];
    sampler.setRequestHandler(CreateMessageRequestSchema, (request) => {
      const content = request.params.messages[0]?.content;
      asked.push(content !== undefined && 'text' in content ? String(content.text) : '');
      return {
        model: 'test-model',
        role: 'assistant',
        content: { type: 'text', text: 'Staff get 28 days a year.' },
      };
    });
    const result = await sampler.callTool({
      name: 'summarize_section',
      arguments: { docId: 'handbook/leave', sectionId: 'annual-leave', maxWords: 20 },
    });
    expect(result.structuredContent).toEqual({
      docId: 'handbook/leave',
      sectionId: 'annual-leave',
      summary: 'Staff get 28 days a year.',
      method: 'sampling',
    });
    expect(asked[0]).toContain('at most 20 words');
    expect(asked[0]).toContain('28 days of annual leave');
  });

  it('should ask a 2026-07-28 client that offers sampling in an input-required round', async () => {
    const authorization = { Authorization: `Bearer ${tokenFor(kb.jwks, 'sam', ['analyst'])}` };
    const call = (extra: Record<string, unknown> = {}) =>
      postModern(
        kb.app.url,
        'tools/call',
        withMeta(
          {
            name: 'summarize_section',
            arguments: { docId: 'handbook/leave', sectionId: 'carry-over' },
            ...extra,
          },
          { 'io.modelcontextprotocol/clientCapabilities': { sampling: {} } },
        ),
        authorization,
      );
    const asked = (await call()).response?.['result'] as Record<string, unknown>;
    expect(asked).toMatchObject({
      resultType: 'input_required',
      inputRequests: { summary: { method: 'sampling/createMessage' } },
    });
    const answered = await call({
      requestState: asked['requestState'],
      inputResponses: {
        summary: {
          model: 'test-model',
          role: 'assistant',
          content: { type: 'text', text: 'Five days carry over until March.' },
        },
      },
    });
    expect(answered.response?.['result']).toMatchObject({
      resultType: 'complete',
      structuredContent: { summary: 'Five days carry over until March.', method: 'sampling' },
    });
  });

  it('should summarize extractively, within maxWords, when the client offers no sampling', async () => {
    const result = await reader.callTool({
      name: 'summarize_section',
      arguments: { docId: 'handbook/leave', sectionId: 'annual-leave', maxWords: 25 },
    });
    const summary = result.structuredContent as { summary: string; method: string };
    expect(summary.method).toBe('extractive');
    expect(summary.summary.split(/\s+/).length).toBeLessThanOrEqual(25);
    // Deterministic: the sentences sharing most terms with the rest, in their original order.
    expect(summary.summary).toBe(
      'Everyone gets 28 days of annual leave per year, public holidays included. ' +
        'Your manager approves leave requests within three working days.',
    );
  });

  it('should serve a repeated search from its cache until a knowledge-base change clears it', async () => {
    const query = { query: 'forklift certification' };
    expect((await search(query)).hits).toEqual([]);
    // Written behind the server's back: no change announced, so the cached page stands.
    await insertDocuments(kb.app.running.app.get(DataSource), [
      {
        id: 'handbook/warehouse',
        title: 'Warehouse safety',
        tags: ['handbook'],
        sections: [
          {
            id: 'forklifts',
            heading: 'Forklifts',
            body: 'Forklift certification is renewed yearly.',
          },
        ],
      },
    ]);
    expect((await search(query)).hits).toEqual([]);
    await kb.app.running.app
      .get(KnowledgeBaseChanges)
      .documentsChanged(['handbook/warehouse'], true);
    // On Postgres the change comes back to this instance by NOTIFY, a moment later.
    await eventually(async () => (await search(query)).hits.length > 0, 2000);
    expect((await search(query)).hits.map((hit) => hit.sectionId)).toEqual(['forklifts']);
  });
});
