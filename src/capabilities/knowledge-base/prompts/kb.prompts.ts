import { Injectable } from '@nestjs/common';

import type { JsonObject } from '../../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../../protocol/json-rpc/mcp-error.js';
import { McpCompletion, McpPrompt } from '../../../mcp/discovery/index.js';
import { KbDocumentsReader } from '../documents/kb-documents.reader.js';
import { documentMarkdown } from '../documents/kb-markdown.js';
import { kbUri } from '../knowledge-base.changes.js';
import { KbSearchService } from '../search/kb-search.service.js';

/** Sections `answer_from_docs` embeds. */
const CONTEXT_SECTIONS = 3;

/** A user message carrying one embedded Markdown resource (prompts §Embedded resources). */
function embedded(uri: string, text: string): JsonObject {
  return {
    role: 'user',
    content: { type: 'resource', resource: { uri, mimeType: 'text/markdown', text } },
  };
}

function instruction(text: string): JsonObject {
  return { role: 'user', content: { type: 'text', text } };
}

/** Prompts that put knowledge-base text in front of the model. */
@Injectable()
export class KbPrompts {
  constructor(
    private readonly search: KbSearchService,
    private readonly reader: KbDocumentsReader,
  ) {}

  @McpPrompt({
    name: 'answer_from_docs',
    title: 'Answer from the documents',
    description: 'Embeds the three sections that best match the question and asks for an answer.',
    arguments: [{ name: 'question', description: 'What to answer', required: true }],
  })
  async answerFromDocs(args: Record<string, string>): Promise<JsonObject> {
    const question = args['question'] ?? '';
    const { hits } = await this.search.search({ query: question, limit: CONTEXT_SECTIONS });
    const sections = await Promise.all(
      hits.map((hit) => this.reader.sectionInContext(hit.docId, hit.sectionId)),
    );
    const messages = sections.flatMap((found) =>
      found === undefined
        ? []
        : [
            embedded(
              kbUri.section(found.section.docId, found.section.id),
              `# ${found.section.title} › ${found.section.heading}\n\n${found.section.body}`,
            ),
          ],
    );
    const grounding =
      messages.length === 0
        ? 'No document matches this question: say so rather than guessing.'
        : 'Answer using only the sections above, and cite the ones you used by their URI. If ' +
          'they do not answer the question, say so.';
    return { messages: [...messages, instruction(`${grounding}\n\nQuestion: ${question}`)] };
  }

  @McpPrompt({
    name: 'summarize_doc',
    title: 'Summarize a document',
    description: 'Embeds a whole document and asks for a summary of its main points.',
    arguments: [{ name: 'docId', description: 'The document (see search_docs)', required: true }],
  })
  async summarizeDoc(args: Record<string, string>): Promise<JsonObject> {
    const docId = args['docId'] ?? '';
    const found = await this.reader.documentWithSections(docId);
    if (found === undefined) throw McpError.invalidParams(`Unknown document: ${docId}`);
    return {
      description: `Summary of ${found.document.title}`,
      messages: [
        embedded(kbUri.document(docId), documentMarkdown(found)),
        instruction(
          `Summarize the document "${found.document.title}" above in a short paragraph, then ` +
            'list its main rules or steps as bullet points.',
        ),
      ],
    };
  }

  @McpCompletion({ ref: { type: 'ref/prompt', name: 'summarize_doc' }, argument: 'docId' })
  completeDocument(value: string): Promise<string[]> {
    return this.reader.documentIds(value);
  }
}
