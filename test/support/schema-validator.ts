import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { expect } from 'vitest';

const addFormats = addFormatsPlugin.default;

/** Every revision this server speaks, each with its schema under test/fixtures/mcp-schema. */
export const SCHEMA_REVISIONS = [
  '2024-11-05',
  '2025-03-26',
  '2025-06-18',
  '2025-11-25',
  '2026-07-28',
] as const;

export type SchemaRevision = (typeof SCHEMA_REVISIONS)[number];

type Json = Record<string, unknown>;

/** Result definition of each request, per revision (the schema's `*Result` types). */
const RESULT_DEFS: Readonly<Record<string, readonly string[]>> = {
  initialize: ['InitializeResult'],
  ping: ['EmptyResult', 'Result'],
  'server/discover': ['DiscoverResult'],
  'tools/list': ['ListToolsResult'],
  'tools/call': ['CallToolResult', 'CreateTaskResult'],
  'prompts/list': ['ListPromptsResult'],
  'prompts/get': ['GetPromptResult'],
  'resources/list': ['ListResourcesResult'],
  'resources/templates/list': ['ListResourceTemplatesResult'],
  'resources/read': ['ReadResourceResult'],
  'resources/subscribe': ['EmptyResult', 'Result'],
  'resources/unsubscribe': ['EmptyResult', 'Result'],
  'logging/setLevel': ['EmptyResult', 'Result'],
  'completion/complete': ['CompleteResult'],
  'subscriptions/listen': ['SubscriptionsListenResult'],
};

/** Error definitions keyed by code; other codes are the revision's plain error response. */
const ERROR_DEFS: Readonly<Record<number, string>> = {
  [-32020]: 'HeaderMismatchError',
  [-32021]: 'MissingRequiredClientCapabilityError',
  [-32022]: 'UnsupportedProtocolVersionError',
};

/** Added to each schema: its error response without a required `id` (see `httpErrorProblems`). */
const ID_LESS_ERROR = 'IdLessJSONRPCError';

/**
 * Validates what the server sends against the official MCP JSON schema of a revision
 * (test/fixtures/mcp-schema): each response by the result type of the request it answers (an
 * `InputRequiredResult` by its own type), each error by its code's error type, each
 * notification or server→client request by the definition whose `method` constant it carries.
 * Messages are checked for 2025-11-25 and later; HTTP error bodies for every revision.
 */
export class McpSchemaValidator {
  private static readonly cache = new Map<SchemaRevision, McpSchemaValidator>();
  private readonly ajv: Ajv | Ajv2020;
  private readonly byMethod = new Map<string, string>();
  private readonly defs: Json;
  /** `#/$defs/` (2020-12, 2025-11-25 on) or `#/definitions/` (draft-07, earlier revisions). */
  private readonly defsPointer: string;
  /** `JSONRPCErrorResponse`, called `JSONRPCError` before 2025-11-25. */
  private readonly errorResponse: string;

  static of(revision: SchemaRevision): McpSchemaValidator {
    let validator = McpSchemaValidator.cache.get(revision);
    if (validator === undefined) {
      validator = new McpSchemaValidator(revision);
      McpSchemaValidator.cache.set(revision, validator);
    }
    return validator;
  }

  private constructor(readonly revision: SchemaRevision) {
    const file = resolve(import.meta.dirname, `../fixtures/mcp-schema/${revision}/schema.json`);
    const schema = JSON.parse(readFileSync(file, 'utf8')) as Json;
    const options = { strict: false, allErrors: true, validateFormats: true };
    const defsKey = '$defs' in schema ? '$defs' : 'definitions';
    this.ajv = defsKey === '$defs' ? new Ajv2020(options) : new Ajv(options);
    this.defsPointer = `#/${defsKey}/`;
    this.defs = schema[defsKey] as Json;
    this.errorResponse =
      'JSONRPCErrorResponse' in this.defs ? 'JSONRPCErrorResponse' : 'JSONRPCError';
    const error = this.defs[this.errorResponse] as Json;
    const required = error['required'] as string[];
    this.defs[ID_LESS_ERROR] = { ...error, required: required.filter((key) => key !== 'id') };
    addFormats(this.ajv);
    this.ajv.addSchema(schema, 'mcp');
    for (const [name, def] of Object.entries(this.defs)) {
      const method = ((def as Json)['properties'] as Json | undefined)?.['method'] as
        Json | undefined;
      if (typeof method?.['const'] === 'string' && /(Notification|Request)$/.test(name)) {
        this.byMethod.set(
          `${name.endsWith('Request') ? 'request' : 'notification'}:${method['const']}`,
          name,
        );
      }
    }
  }

  /** Problems of one server→client message; `requestMethod` is the method it answers, if any. */
  problems(message: unknown, requestMethod?: string): string[] {
    if (typeof message !== 'object' || message === null) return ['not a JSON object'];
    const json = message as Json;
    if ('error' in json) return this.check(this.errorDefinition(json), json);
    if ('result' in json) {
      if (requestMethod === undefined) return ['a response needs the method it answers'];
      const envelope = this.check('JSONRPCResultResponse', json);
      const result = json['result'] as Json;
      const names =
        result['resultType'] === 'input_required'
          ? ['InputRequiredResult']
          : (RESULT_DEFS[requestMethod] ?? []).filter((name) => name in this.defs);
      if (names.length === 0) return [...envelope, `no result type known for ${requestMethod}`];
      const attempts = names.map((name) => this.check(name, result));
      return [...envelope, ...(attempts.some((a) => a.length === 0) ? [] : attempts.flat())];
    }
    const kind = 'id' in json ? 'request' : 'notification';
    const name = this.byMethod.get(`${kind}:${String(json['method'])}`);
    if (name === undefined)
      return [`no ${kind} named ${String(json['method'])} in ${this.revision}`];
    return this.check(name, json);
  }

  /**
   * Problems of a JSON-RPC error body the HTTP layer wrote instead of a response. It echoes the
   * request id when the body was read and held one request, and has no `id` otherwise: the
   * transports allow "a JSON-RPC error response that has no `id`" (§Sending Messages to the
   * Server, 2025-03-26 on) and the 2025-11-25 schema makes `id` optional. The older schemas model
   * only answers to a request that was read and require `id` (a string or integer, never
   * `null`): no body could satisfy them for an unread request, so an id-less body is checked
   * there against their `JSONRPCError` without that one requirement.
   */
  httpErrorProblems(body: unknown): string[] {
    if (typeof body !== 'object' || body === null || !('error' in body)) {
      return ['not a JSON-RPC error response'];
    }
    const json = body as Json;
    const name = this.errorDefinition(json);
    // Only the plain error response of a revision before 2025-11-25 requires `id`.
    return this.check(name === this.errorResponse && !('id' in json) ? ID_LESS_ERROR : name, json);
  }

  /** The definition of the error's code when the revision has one, else its plain error. */
  private errorDefinition(json: Json): string {
    const code = (json['error'] as Json | undefined)?.['code'];
    const specific = ERROR_DEFS[code as number];
    return specific !== undefined && specific in this.defs ? specific : this.errorResponse;
  }

  private check(name: string, value: unknown): string[] {
    const validate: ValidateFunction | undefined = this.ajv.getSchema(
      `mcp${this.defsPointer}${name}`,
    );
    if (validate === undefined) return [`no definition ${name}`];
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) => `${name}${error.instancePath} ${error.message ?? 'is invalid'}`,
    );
  }
}

/**
 * Asserts an error body the HTTP layer wrote: valid under the schema of every revision, with the
 * request's `id` when the server read one (`id` given) and no `id` at all otherwise.
 */
export function expectHttpErrorBody(body: unknown, id?: string | number): void {
  const problems = SCHEMA_REVISIONS.flatMap((revision) =>
    McpSchemaValidator.of(revision)
      .httpErrorProblems(body)
      .map((problem) => `${revision}: ${problem}`),
  );
  expect(problems, JSON.stringify(body)).toEqual([]);
  if (id === undefined) expect(body).not.toHaveProperty('id');
  else expect(body).toHaveProperty('id', id);
}
