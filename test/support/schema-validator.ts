import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';

const addFormats = addFormatsPlugin.default;

export type SchemaRevision = '2025-11-25' | '2026-07-28';

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

/** Error definitions keyed by code; other codes are plain `JSONRPCErrorResponse`. */
const ERROR_DEFS: Readonly<Record<number, string>> = {
  [-32020]: 'HeaderMismatchError',
  [-32021]: 'MissingRequiredClientCapabilityError',
  [-32022]: 'UnsupportedProtocolVersionError',
};

/**
 * Validates what the server sends against the official MCP JSON schema of a revision
 * (test/fixtures/mcp-schema): each response by the result type of the request it answers (an
 * `InputRequiredResult` by its own type), each error by its code's error type, each
 * notification or server→client request by the definition whose `method` constant it carries.
 */
export class McpSchemaValidator {
  private static readonly cache = new Map<SchemaRevision, McpSchemaValidator>();
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly byMethod = new Map<string, string>();
  private readonly defs: Json;

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
    addFormats(this.ajv);
    this.ajv.addSchema(schema, 'mcp');
    this.defs = schema['$defs'] as Json;
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
    if ('error' in json) {
      const code = (json['error'] as Json | undefined)?.['code'];
      return this.check(ERROR_DEFS[code as number] ?? 'JSONRPCErrorResponse', json);
    }
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

  private check(name: string, value: unknown): string[] {
    const validate: ValidateFunction | undefined = this.ajv.getSchema(`mcp#/$defs/${name}`);
    if (validate === undefined) return [`no definition ${name}`];
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) => `${name}${error.instancePath} ${error.message ?? 'is invalid'}`,
    );
  }
}
