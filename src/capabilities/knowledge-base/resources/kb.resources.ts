import { Injectable } from '@nestjs/common';

import type { McpHandlerContext } from '../../../protocol/context/index.js';
import type { JsonObject } from '../../../protocol/json-rpc/json-rpc.types.js';
import {
  McpCompletion,
  McpResourceList,
  McpResourceTemplate,
  type ResourceListPage,
} from '../../../mcp/discovery/index.js';
import { resourceNotFoundError } from '../../../mcp/dispatcher/not-found.errors.js';
import { KbDocumentsReader } from '../documents/kb-documents.reader.js';
import { documentMarkdown, sectionMarkdown } from '../documents/kb-markdown.js';
import { kbUri } from '../knowledge-base.changes.js';
import { KbRecordsService } from '../records/kb-records.service.js';

const DOCUMENT = 'kb://docs/{docId}';
const SECTION = 'kb://docs/{docId}/sections/{sectionId}';
const RECORD = 'kb://records/{recordId}';

/**
 * The knowledge base as resources (README "The knowledge base"). Subscriptions need nothing here:
 * `KnowledgeBaseChanges` announces `resources/updated` for these URIs on every instance, and the
 * engine delivers it to the sessions that subscribed. 2026-07-28 reads carry the server's
 * `ttlMs` caching hint (src/mcp/modern/modern-results.ts).
 */
@Injectable()
export class KbResources {
  constructor(
    private readonly reader: KbDocumentsReader,
    private readonly records: KbRecordsService,
  ) {}

  @McpResourceTemplate({
    uriTemplate: DOCUMENT,
    name: 'kb-document',
    title: 'Knowledge-base document',
    description: 'A whole imported document as Markdown.',
    mimeType: 'text/markdown',
  })
  async document(
    variables: Record<string, string>,
    ctx: McpHandlerContext,
    uri: string,
  ): Promise<string> {
    const found = await this.reader.documentWithSections(variables['docId'] ?? '');
    if (found === undefined) throw resourceNotFoundError(uri, ctx.protocolVersion);
    return documentMarkdown(found);
  }

  @McpResourceTemplate({
    uriTemplate: SECTION,
    name: 'kb-section',
    title: 'Knowledge-base section',
    description: 'The text under one heading of a document, as Markdown.',
    mimeType: 'text/markdown',
  })
  async section(
    variables: Record<string, string>,
    ctx: McpHandlerContext,
    uri: string,
  ): Promise<string> {
    const found = await this.reader.sectionInContext(
      variables['docId'] ?? '',
      variables['sectionId'] ?? '',
    );
    if (found === undefined) throw resourceNotFoundError(uri, ctx.protocolVersion);
    return sectionMarkdown(found.section);
  }

  @McpResourceTemplate({
    uriTemplate: RECORD,
    name: 'kb-record',
    title: 'Record',
    description: 'A ticket, customer or access request with its fields and version, as JSON.',
    mimeType: 'application/json',
  })
  async record(
    variables: Record<string, string>,
    ctx: McpHandlerContext,
    uri: string,
  ): Promise<string> {
    const record = await this.records.find(variables['recordId'] ?? '');
    if (record === undefined) throw resourceNotFoundError(uri, ctx.protocolVersion);
    const body: JsonObject = {
      id: record.id,
      type: record.type,
      version: record.version,
      fields: record.fields,
      updatedAt: record.updatedAt.toISOString(),
      updatedBy: record.updatedBy,
    };
    return JSON.stringify(body, null, 2);
  }

  /**
   * Every document in `resources/list`, in id order, so a client can browse the knowledge base
   * (sections and records stay behind their templates: too many to list usefully).
   */
  @McpResourceList(DOCUMENT)
  async listDocuments(request: {
    readonly cursor: string | undefined;
    readonly limit: number;
  }): Promise<ResourceListPage> {
    const documents = await this.reader.documentsAfter(request.cursor, request.limit + 1);
    const page = documents.slice(0, request.limit);
    const last = page.at(-1);
    return {
      resources: page.map((document) => ({
        uri: kbUri.document(document.id),
        name: document.id,
        title: document.title,
        description: `${document.source}, ${document.sectionCount} sections`,
        mimeType: 'text/markdown',
      })),
      ...(documents.length > request.limit && last !== undefined ? { nextCursor: last.id } : {}),
    };
  }

  @McpCompletion({ ref: { type: 'ref/resource', uri: DOCUMENT }, argument: 'docId' })
  completeDocument(value: string): Promise<string[]> {
    return this.reader.documentIds(value);
  }

  @McpCompletion({ ref: { type: 'ref/resource', uri: SECTION }, argument: 'docId' })
  completeSectionDocument(value: string): Promise<string[]> {
    return this.reader.documentIds(value);
  }

  /** Needs the `docId` already chosen (completion §Context); without it there is nothing to offer. */
  @McpCompletion({ ref: { type: 'ref/resource', uri: SECTION }, argument: 'sectionId' })
  async completeSection(
    value: string,
    _ctx: McpHandlerContext,
    context: { readonly arguments: Record<string, string> },
  ): Promise<string[]> {
    const docId = context.arguments['docId'];
    return docId === undefined ? [] : this.reader.sectionIds(docId, value);
  }

  @McpCompletion({ ref: { type: 'ref/resource', uri: RECORD }, argument: 'recordId' })
  completeRecord(value: string): Promise<string[]> {
    return this.records.ids(value);
  }
}
