import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

import { FixtureState } from './fixture-state.js';
import { buildFixtureServer } from './upstream-server.js';
import type { UpstreamFixtureEvents, UpstreamFixtureSpec } from './upstream-fixture.types.js';

export interface HttpUpstreamOptions extends UpstreamFixtureSpec {
  /** Refuse a request with 401 unless this accepts its `Authorization` header. Default: accept all. */
  readonly acceptAuthorization?: (authorization: string | undefined) => boolean;
  /** Listen on this port (to come back where a stopped upstream was). Default: a random one. */
  readonly port?: number;
}

/** A real SDK upstream on 127.0.0.1: Streamable HTTP at `url`, legacy HTTP+SSE at `sseUrl`. */
export interface HttpUpstream {
  /** `http://127.0.0.1:<port>/mcp` (Streamable HTTP, stateful sessions). */
  readonly url: string;
  /** `http://127.0.0.1:<port>/sse` (2024-11-05 HTTP+SSE, messages to `/messages`). */
  readonly sseUrl: string;
  readonly port: number;
  readonly events: UpstreamFixtureEvents;
  /** Open sessions (both transports). */
  sessionCount(): number;
  /** Changes a tool's description and sends `notifications/tools/list_changed` to every session. */
  setToolDescription(name: string, description: string): Promise<void>;
  /** Changes a prompt's description and sends `notifications/prompts/list_changed` to every session. */
  setPromptDescription(name: string, description: string): Promise<void>;
  /** Sends a notification (`notifications/tools/list_changed`, `…/resources/updated`, …) to every session. */
  notify(method: string, params?: Record<string, unknown>): Promise<void>;
  /** Answers the next `count` `tools/call` requests 503 before they reach the server (a transient fault). */
  failNext(count: number): void;
  /** Forgets every session (as a restart does): their next request gets 404. */
  dropSessions(): Promise<void>;
  /** Stops listening and drops every connection (an outage); `start()` comes back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startHttpUpstream(options: HttpUpstreamOptions = {}): Promise<HttpUpstream> {
  const state = new FixtureState(options);
  const streamable = new Map<string, StreamableHTTPServerTransport>();
  const sse = new Map<string, SSEServerTransport>();
  let failing = 0;
  const refuse = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message } }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const authorization = req.headers.authorization;
    state.events.authorizations.push(authorization ?? '<none>');
    if (options.acceptAuthorization && !options.acceptAuthorization(authorization)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    if (failing > 0 && hasMethod(body, 'tools/call')) {
      failing -= 1;
      return refuse(res, 503, 'Service Unavailable (fixture failNext)');
    }
    if (url.pathname === '/mcp') {
      const sessionId = req.headers['mcp-session-id'];
      const existing = typeof sessionId === 'string' ? streamable.get(sessionId) : undefined;
      if (existing) return existing.handleRequest(req, res, body);
      if (sessionId !== undefined) return refuse(res, 404, 'Session not found');
      // Only `initialize` opens a session, as in the SDK's own examples; anything else (the
      // 2026-07-28 `server/discover` probe included) is a 2025-era server's 400.
      if (!hasMethod(body, 'initialize'))
        return refuse(res, 400, 'Bad Request: No valid session ID provided');
      const server = buildFixtureServer(state);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => void streamable.set(id, transport),
      });
      transport.onclose = () => {
        if (transport.sessionId) streamable.delete(transport.sessionId);
        state.servers.delete(server);
      };
      state.servers.add(server);
      await server.connect(transport);
      return transport.handleRequest(req, res, body);
    }
    if (url.pathname === '/sse' && req.method === 'GET') {
      const server = buildFixtureServer(state);
      const transport = new SSEServerTransport('/messages', res);
      sse.set(transport.sessionId, transport);
      state.servers.add(server);
      res.on('close', () => {
        sse.delete(transport.sessionId);
        state.servers.delete(server);
      });
      await server.connect(transport);
      return;
    }
    if (url.pathname === '/messages' && req.method === 'POST') {
      const transport = sse.get(url.searchParams.get('sessionId') ?? '');
      if (!transport) return refuse(res, 404, 'Session not found');
      return transport.handlePostMessage(req, res, body);
    }
    refuse(res, 404, 'Not found');
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) refuse(res, 500, String(error));
    });
  });
  let port = options.port ?? 0;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, '127.0.0.1', () => {
        port = (http.address() as AddressInfo).port;
        http.off('error', reject);
        resolve();
      });
    });
  const dropSessions = async () => {
    const servers = [...state.servers];
    state.servers.clear();
    streamable.clear();
    sse.clear();
    await Promise.all(servers.map((server) => server.close().catch(() => undefined)));
  };
  const stop = async () => {
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeAllConnections();
    await dropSessions();
    await closed;
  };
  await start();
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    sseUrl: `http://127.0.0.1:${port}/sse`,
    port,
    events: state.events,
    sessionCount: () => state.servers.size,
    setToolDescription: (name, description) => state.setToolDescription(name, description),
    setPromptDescription: (name, description) => state.setPromptDescription(name, description),
    notify: (method, params) => state.broadcast(method, params),
    failNext: (count) => {
      failing = count;
    },
    dropSessions,
    stop,
    start,
    close: stop,
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function hasMethod(body: unknown, method: string): boolean {
  const messages: unknown[] = Array.isArray(body) ? body : [body];
  return messages.some(
    (message) =>
      typeof message === 'object' &&
      message !== null &&
      (message as { method?: unknown }).method === method,
  );
}
