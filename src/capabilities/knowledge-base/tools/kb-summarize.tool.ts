import { Injectable } from '@nestjs/common';

import type { McpHandlerContext } from '../../../protocol/context/index.js';
import type { JsonObject } from '../../../protocol/json-rpc/json-rpc.types.js';
import { McpTool } from '../../../mcp/discovery/index.js';
import { McpToolError } from '../../../mcp/dispatcher/mcp-tool-error.js';
import { KbDocumentsReader } from '../documents/kb-documents.reader.js';
import type { KbSectionEntity } from '../documents/kb-section.entity.js';
import { extractiveSummary } from './extractive-summary.js';
import { requireSection, type SectionInput } from './kb-search.tools.js';
import {
  DEFAULT_SUMMARY_WORDS,
  SUMMARIZE_SECTION_INPUT,
  SUMMARIZE_SECTION_OUTPUT,
} from './kb-tool.schemas.js';

interface SummarizeInput extends SectionInput {
  readonly maxWords?: number;
}

type SummaryMethod = 'sampling' | 'extractive';

/**
 * `summarize_section`: the client's model writes the summary when the client offers sampling
 * (client §Sampling; a server→client request on a legacy session, an input-required round in
 * 2026-07-28, both behind `ctx.requestInput`); otherwise, or when the client declines, the
 * server extracts the best sentences itself.
 */
@Injectable()
export class KbSummarizeTool {
  constructor(private readonly reader: KbDocumentsReader) {}

  @McpTool({
    name: 'summarize_section',
    title: 'Summarize a document section',
    description:
      "Summarizes one section: with the client's model when it offers sampling, otherwise by " +
      'extracting its most representative sentences.',
    input: SUMMARIZE_SECTION_INPUT,
    output: SUMMARIZE_SECTION_OUTPUT,
    annotations: { readOnlyHint: true, openWorldHint: false },
  })
  async summarizeSection(input: SummarizeInput, ctx: McpHandlerContext): Promise<JsonObject> {
    const { section } = await requireSection(this.reader, input);
    const maxWords = input.maxWords ?? DEFAULT_SUMMARY_WORDS;
    const sampled =
      ctx.client.capabilities['sampling'] === undefined
        ? undefined
        : await sampleSummary(section, maxWords, ctx);
    const method: SummaryMethod = sampled === undefined ? 'extractive' : 'sampling';
    const summary = sampled ?? extractiveSummary(section.body, maxWords);
    return {
      content: [{ type: 'text', text: summary }],
      structuredContent: { docId: section.docId, sectionId: section.id, summary, method },
    };
  }
}

/** The model's summary, or `undefined` when the client declined or answered without text. */
async function sampleSummary(
  section: KbSectionEntity,
  maxWords: number,
  ctx: McpHandlerContext,
): Promise<string | undefined> {
  const prompt =
    `Summarize the section "${section.heading}" of the document "${section.title}" in at ` +
    `most ${maxWords} words. Answer with the summary only.\n\n${section.body}`;
  try {
    const result = await ctx.requestInput('summary', 'sampling/createMessage', {
      messages: [{ role: 'user', content: { type: 'text', text: prompt } }],
      maxTokens: maxWords * 3,
    });
    return textOf(result);
  } catch (error) {
    if (error instanceof McpToolError) return undefined;
    throw error;
  }
}

/** The text of a `CreateMessageResult`, whose `content` is one block or (2025-11-25) a list. */
function textOf(result: JsonObject): string | undefined {
  const content: unknown = result['content'];
  const blocks: unknown[] = Array.isArray(content) ? content : [content];
  const texts = blocks.flatMap((block) => {
    const text = (block as { type?: unknown; text?: unknown } | null)?.text;
    return typeof text === 'string' && text.trim() !== '' ? [text.trim()] : [];
  });
  return texts.length === 0 ? undefined : texts.join('\n');
}
