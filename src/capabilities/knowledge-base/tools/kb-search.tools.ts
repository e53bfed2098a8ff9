import { Injectable } from '@nestjs/common';

import type { JsonObject } from '../../../protocol/json-rpc/json-rpc.types.js';
import { McpTool } from '../../../mcp/discovery/index.js';
import { McpToolError } from '../../../mcp/dispatcher/mcp-tool-error.js';
import type { KbSectionEntity } from '../documents/kb-section.entity.js';
import { KbDocumentsReader, type SectionInContext } from '../documents/kb-documents.reader.js';
import { kbUri } from '../knowledge-base.changes.js';
import { KbSearchService } from '../search/kb-search.service.js';
import { SEARCH_LIMITS, type SearchPage } from '../search/kb-search.types.js';
import {
  OPEN_SECTION_OUTPUT,
  SEARCH_DOCS_INPUT,
  SEARCH_DOCS_OUTPUT,
  SECTION_INPUT,
} from './kb-tool.schemas.js';

interface SearchDocsInput {
  readonly query: string;
  readonly limit?: number;
  readonly cursor?: string;
  readonly tags?: string[];
}

export interface SectionInput {
  readonly docId: string;
  readonly sectionId: string;
}

/** The section and its neighbours, or a tool error naming the ids (tools §Error handling). */
export async function requireSection(
  reader: KbDocumentsReader,
  { docId, sectionId }: SectionInput,
): Promise<SectionInContext> {
  const found = await reader.sectionInContext(docId, sectionId);
  if (found === undefined) {
    throw new McpToolError(
      `No section "${sectionId}" in document "${docId}": use search_docs to find section ids`,
    );
  }
  return found;
}

/** Finding and reading the knowledge base's documents (README "The knowledge base"). */
@Injectable()
export class KbSearchTools {
  constructor(
    private readonly search: KbSearchService,
    private readonly reader: KbDocumentsReader,
  ) {}

  @McpTool({
    name: 'search_docs',
    title: 'Search the knowledge base',
    description:
      'Full-text search over the sections of the company documents. Returns the best sections ' +
      'first with a snippet; open one with open_doc_section.',
    input: SEARCH_DOCS_INPUT,
    output: SEARCH_DOCS_OUTPUT,
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  })
  async searchDocs(input: SearchDocsInput): Promise<JsonObject> {
    const page = await this.search.search({
      query: input.query,
      limit: input.limit ?? SEARCH_LIMITS.defaultLimit,
      ...(input.cursor === undefined ? {} : { cursor: input.cursor }),
      ...(input.tags === undefined ? {} : { tags: input.tags }),
    });
    return {
      content: [{ type: 'text', text: describePage(input.query, page) }],
      structuredContent: { ...page },
    };
  }

  @McpTool({
    name: 'open_doc_section',
    title: 'Open a document section',
    description:
      'Returns the text of one section with its heading path, and links to its document and ' +
      'to the sections before and after it.',
    input: SECTION_INPUT,
    output: OPEN_SECTION_OUTPUT,
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  })
  async openDocSection(input: SectionInput): Promise<JsonObject> {
    const { section, previous, next } = await requireSection(this.reader, input);
    const links = [
      {
        type: 'resource_link',
        uri: kbUri.document(section.docId),
        name: section.docId,
        title: section.title,
        description: 'The whole document',
        mimeType: 'text/markdown',
      },
      ...neighbourLink(previous, 'Previous section'),
      ...neighbourLink(next, 'Next section'),
    ];
    return {
      content: [
        {
          type: 'text',
          text: `${[...section.headingPath, section.heading].join(' › ')}\n\n${section.body}`,
        },
        ...links,
      ],
      structuredContent: {
        docId: section.docId,
        sectionId: section.id,
        title: section.title,
        heading: section.heading,
        headingPath: section.headingPath,
        ...(previous === undefined ? {} : { previousSectionId: previous.id }),
        ...(next === undefined ? {} : { nextSectionId: next.id }),
      },
    };
  }
}

function neighbourLink(section: KbSectionEntity | undefined, description: string): JsonObject[] {
  if (section === undefined) return [];
  return [
    {
      type: 'resource_link',
      uri: kbUri.section(section.docId, section.id),
      name: section.id,
      title: section.heading,
      description,
      mimeType: 'text/markdown',
    },
  ];
}

/** The text content of a page: one numbered line per hit and its snippet. */
function describePage(query: string, page: SearchPage): string {
  if (page.hits.length === 0) return `No section matches "${query}".`;
  const lines = page.hits.map(
    (hit, index) =>
      `${index + 1}. ${hit.title} › ${hit.heading} (docId ${hit.docId}, sectionId ${hit.sectionId}, ` +
      `score ${hit.score.toFixed(3)})\n   ${hit.snippet.replace(/\s+/g, ' ')}`,
  );
  if (page.nextCursor !== undefined) lines.push(`More results: cursor ${page.nextCursor}`);
  return lines.join('\n');
}
