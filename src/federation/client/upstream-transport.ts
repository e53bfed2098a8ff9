import {
  SSEClientTransport,
  StreamableHTTPClientTransport,
  type AuthProvider,
  type OAuthClientProvider,
  type Transport,
} from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

import { httpFetch } from './http-fetch.js';
import type { UpstreamEndpoint } from './upstream-client.types.js';

/** The endpoint cannot be used as given (missing URL or command, auth its transport cannot carry). */
export class InvalidUpstreamEndpointError extends Error {
  constructor(upstream: string, problem: string) {
    super(`upstream "${upstream}": ${problem}`);
    this.name = 'InvalidUpstreamEndpointError';
  }
}

/** Refuses an endpoint its transport cannot serve, before anything connects. */
export function assertUsableEndpoint(endpoint: UpstreamEndpoint): void {
  const problem = (text: string) => new InvalidUpstreamEndpointError(endpoint.name, text);
  if (endpoint.transport === 'stdio') {
    if (!endpoint.command) throw problem('a stdio upstream needs a command');
    if (endpoint.auth.type !== 'none') {
      throw problem(`a stdio upstream takes no credential (auth type ${endpoint.auth.type})`);
    }
    return;
  }
  if (!endpoint.url) throw problem(`a ${endpoint.transport} upstream needs a url`);
  const url = URL.parse(endpoint.url);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw problem(`url must be an http(s) URL, got ${endpoint.url}`);
  }
  if (!(endpoint.requestTimeoutMs > 0)) throw problem('requestTimeoutMs must be positive');
}

/**
 * A new SDK transport for the endpoint. Static headers (and a `header` credential) go on every
 * HTTP request; OAuth credentials come from `auth`, asked before every request. A stdio child
 * gets the SDK's default environment (PATH, HOME, …), never ours: our secrets stay here.
 */
export function openTransport(
  endpoint: UpstreamEndpoint,
  auth?: AuthProvider | OAuthClientProvider,
): Transport {
  if (endpoint.transport === 'stdio') {
    return new StdioClientTransport({
      command: endpoint.command ?? '',
      args: [...(endpoint.args ?? [])],
      stderr: 'inherit',
    });
  }
  const headers: Record<string, string> = { ...endpoint.headers };
  if (endpoint.auth.type === 'header') headers[endpoint.auth.name] = endpoint.auth.value;
  const url = new URL(endpoint.url ?? '');
  const options = {
    requestInit: { headers },
    fetch: httpFetch,
    ...(auth === undefined ? {} : { authProvider: auth }),
  };
  return endpoint.transport === 'sse'
    ? new SSEClientTransport(url, options)
    : new StreamableHTTPClientTransport(url, options);
}
