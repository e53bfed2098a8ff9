import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

import type { TestJwksServer } from './jwks-server.js';

export const TEST_AUDIENCE = 'urn:test:mcp';

/** Environment pointing an app at `jwks` for token verification. */
export function authEnv(jwks: TestJwksServer): Record<string, string> {
  return {
    AUTH_ISSUER: jwks.issuer,
    AUTH_JWKS_URI: jwks.jwksUri,
    AUTH_AUDIENCE: TEST_AUDIENCE,
  };
}

/** A signed access token for `subject` with `roles` (and optional other claims). */
export function tokenFor(
  jwks: TestJwksServer,
  subject: string,
  roles: readonly string[],
  claims: Record<string, unknown> = {},
): string {
  return jwks.signToken(jwks.claims({ sub: subject, roles, aud: TEST_AUDIENCE, ...claims }));
}

export interface JsonResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

/** One admin API request; the body is parsed as JSON when there is one. */
export async function adminRequest(
  origin: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers: Readonly<Record<string, string>> = {},
): Promise<JsonResponse> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    headers: response.headers,
  };
}

export type ChangedList = 'tools' | 'prompts' | 'resources';

export interface ConnectedClient {
  readonly client: Client;
  readonly transport: StreamableHTTPClientTransport;
  /** How many `notifications/<list>/list_changed` arrived so far. */
  listChanged(list?: ChangedList): number;
  close(): Promise<void>;
}

/** An SDK client with a session on `url` (the standalone stream carries list_changed). */
export async function connectClient(
  url: string,
  token: string,
  sessionId?: string,
): Promise<ConnectedClient> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
    ...(sessionId === undefined ? {} : { sessionId }),
  });
  const client = new Client({ name: 'admin-test', version: '1.0.0' });
  const changes: Record<ChangedList, number> = { tools: 0, prompts: 0, resources: 0 };
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    changes.tools += 1;
  });
  client.setNotificationHandler(PromptListChangedNotificationSchema, () => {
    changes.prompts += 1;
  });
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
    changes.resources += 1;
  });
  await client.connect(transport);
  return {
    client,
    transport,
    listChanged: (list = 'tools') => changes[list],
    close: () => client.close(),
  };
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 1000,
): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 20));
  }
  return Date.now() - started;
}
