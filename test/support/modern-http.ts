import { expect } from 'vitest';

import { expectHttpErrorBody, McpSchemaValidator } from './schema-validator.js';

export const MODERN = '2026-07-28';

const validator = (): McpSchemaValidator => McpSchemaValidator.of(MODERN);

type Json = Record<string, unknown>;

export interface ModernAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** Every JSON-RPC message of the body (one for JSON, each `data:` event for SSE). */
  readonly messages: Json[];
  /** The response to the request (the last message carrying its id). */
  readonly response: Json | undefined;
}

/** `params` with the 2026-07-28 envelope; `meta` entries win (and `undefined` removes one). */
export function withMeta(params: Json = {}, meta: Record<string, unknown> = {}): Json {
  const merged: Json = {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'modern-e2e', version: '1.0.0' },
    ...meta,
  };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return { ...params, _meta: merged };
}

/** The conformant header set (SEP-2243): version, method and, when the body has one, name. */
export function standardHeaders(method: string, params: Json = {}): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    'MCP-Protocol-Version': MODERN,
    'Mcp-Method': method,
  };
  const name = method === 'resources/read' ? params['uri'] : params['name'];
  if (
    typeof name === 'string' &&
    ['tools/call', 'prompts/get', 'resources/read'].includes(method)
  ) {
    headers['Mcp-Name'] = name;
  }
  return headers;
}

let nextId = 1;

/**
 * POSTs one 2026-07-28 request and reads the whole answer. Every message the server sent is
 * checked against the official 2026-07-28 schema, and an HTTP error body (which answers a request
 * that was read, so it echoes the id) against the error response of every revision.
 */
export async function postModern(
  url: string,
  method: string,
  params: Json,
  headerOverrides: Record<string, string | undefined> = {},
  id: number | string = nextId++,
): Promise<ModernAnswer> {
  const headers: Record<string, string> = { ...standardHeaders(method, params) };
  for (const [key, value] of Object.entries(headerOverrides)) {
    for (const existing of Object.keys(headers)) {
      if (existing.toLowerCase() === key.toLowerCase()) delete headers[existing];
    }
    if (value !== undefined) headers[key] = value;
  }
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
  });
  const text = await res.text();
  const messages = parseBody(res.headers.get('content-type') ?? '', text);
  expectSchemaValid(messages, method);
  if (res.status >= 400) for (const message of messages) expectHttpErrorBody(message, id);
  const response = [...messages].reverse().find((message) => message['id'] === id);
  return { status: res.status, headers: res.headers, messages, response };
}

export function parseBody(contentType: string, text: string): Json[] {
  if (text === '') return [];
  if (!contentType.includes('text/event-stream')) return [JSON.parse(text) as Json];
  return text
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim())
    .filter((data) => data !== '')
    .map((data) => JSON.parse(data) as Json);
}

export function expectSchemaValid(messages: readonly Json[], requestMethod: string): void {
  for (const message of messages) {
    const isResponse = 'result' in message || 'error' in message;
    const problems = validator().problems(message, isResponse ? requestMethod : undefined);
    expect(problems, JSON.stringify(message)).toEqual([]);
  }
}

/**
 * A `fetch` for SDK transports that checks every message the server sends back against the
 * 2026-07-28 schema (or 2025-11-25 for legacy exchanges), after the SDK has consumed it.
 */
export function validatingFetch(problems: string[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Json) : undefined;
    const method = typeof body?.['method'] === 'string' ? body['method'] : undefined;
    const version = new Headers(init?.headers).get('mcp-protocol-version');
    const schema = McpSchemaValidator.of(version === MODERN ? MODERN : '2025-11-25');
    void response
      .clone()
      .text()
      .then((text) => {
        for (const message of parseBody(response.headers.get('content-type') ?? '', text)) {
          const isResponse = 'result' in message || 'error' in message;
          problems.push(...schema.problems(message, isResponse ? method : undefined));
        }
      })
      .catch(() => undefined);
    return response;
  };
}
