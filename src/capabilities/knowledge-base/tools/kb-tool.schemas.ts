import type { JsonSchema } from '../../../protocol/capabilities/capability.types.js';
import { SEARCH_LIMITS } from '../search/kb-search.types.js';

/*
 * Input and output schemas of the knowledge-base tools: raw JSON Schema, checked by Ajv before a
 * handler runs (src/mcp/schema/tool-input.parser.ts), so handlers get well-typed arguments.
 */

const ID = { type: 'string', minLength: 1, maxLength: 200 } as const;
const NON_BLANK = '\\S';

export const DEFAULT_SUMMARY_WORDS = 80;

export const SEARCH_DOCS_INPUT: JsonSchema = {
  type: 'object',
  properties: {
    query: {
      type: 'string',
      minLength: 1,
      maxLength: SEARCH_LIMITS.maxQueryLength,
      pattern: NON_BLANK,
      description: 'Words to look for; "quoted phrases", OR and -excluded words work as on the web',
    },
    limit: {
      type: 'integer',
      minimum: 1,
      maximum: SEARCH_LIMITS.maxLimit,
      description: `Hits per page (default ${SEARCH_LIMITS.defaultLimit})`,
    },
    cursor: { type: 'string', description: 'nextCursor of the previous page of the same search' },
    tags: {
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 100 },
      maxItems: 20,
      description: 'Only documents with at least one of these tags',
    },
  },
  required: ['query'],
  additionalProperties: false,
};

export const SEARCH_DOCS_OUTPUT: JsonSchema = {
  type: 'object',
  properties: {
    hits: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          docId: { type: 'string' },
          sectionId: { type: 'string' },
          title: { type: 'string', description: "The document's title" },
          heading: { type: 'string' },
          snippet: { type: 'string', description: 'Matching fragments, terms between « and »' },
          score: { type: 'number', minimum: 0, maximum: 1 },
          source: { type: 'string', description: 'The path the document was imported from' },
        },
        required: ['docId', 'sectionId', 'title', 'heading', 'snippet', 'score', 'source'],
        additionalProperties: false,
      },
    },
    nextCursor: { type: 'string' },
  },
  required: ['hits'],
  additionalProperties: false,
};

export const SECTION_INPUT: JsonSchema = {
  type: 'object',
  properties: { docId: ID, sectionId: ID },
  required: ['docId', 'sectionId'],
  additionalProperties: false,
};

export const OPEN_SECTION_OUTPUT: JsonSchema = {
  type: 'object',
  properties: {
    docId: { type: 'string' },
    sectionId: { type: 'string' },
    title: { type: 'string' },
    heading: { type: 'string' },
    headingPath: {
      type: 'array',
      items: { type: 'string' },
      description:
        'The headings above this section, the document title first; empty for the intro.',
    },
    previousSectionId: { type: 'string' },
    nextSectionId: { type: 'string' },
  },
  required: ['docId', 'sectionId', 'title', 'heading', 'headingPath'],
  additionalProperties: false,
};

export const SUMMARIZE_SECTION_INPUT: JsonSchema = {
  type: 'object',
  properties: {
    docId: ID,
    sectionId: ID,
    maxWords: {
      type: 'integer',
      minimum: 10,
      maximum: 500,
      description: `Longest summary in words (default ${DEFAULT_SUMMARY_WORDS})`,
    },
  },
  required: ['docId', 'sectionId'],
  additionalProperties: false,
};

export const SUMMARIZE_SECTION_OUTPUT: JsonSchema = {
  type: 'object',
  properties: {
    docId: { type: 'string' },
    sectionId: { type: 'string' },
    summary: { type: 'string' },
    method: {
      enum: ['sampling', 'extractive'],
      description: "sampling: written by the client's model; extractive: sentences of the text",
    },
  },
  required: ['docId', 'sectionId', 'summary', 'method'],
  additionalProperties: false,
};

export const UPDATE_RECORD_INPUT: JsonSchema = {
  type: 'object',
  properties: {
    recordId: ID,
    changes: {
      type: 'object',
      minProperties: 1,
      maxProperties: 100,
      propertyNames: { minLength: 1, maxLength: 100 },
      description: 'Fields to set, merged into the record; a null value removes the field',
    },
    reason: {
      type: 'string',
      minLength: 1,
      maxLength: 1000,
      pattern: NON_BLANK,
      description: 'Why the record changes (kept in the audit log)',
    },
    expectedVersion: {
      type: 'integer',
      minimum: 1,
      description: 'The version read before; the update is refused if the record moved on',
    },
  },
  required: ['recordId', 'changes', 'reason'],
  additionalProperties: false,
};

export const RECORD_OUTPUT: JsonSchema = {
  type: 'object',
  properties: {
    recordId: { type: 'string' },
    type: { type: 'string' },
    version: { type: 'integer' },
    fields: { type: 'object' },
    updatedBy: { type: ['string', 'null'] },
  },
  required: ['recordId', 'type', 'version', 'fields', 'updatedBy'],
  additionalProperties: false,
};
