import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

import {
  createMcpHandler,
  fromJsonSchema,
  McpServer,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';

/**
 * The official SDK v2 (`@modelcontextprotocol/server`) serving the same `echo` tool as the
 * other servers of the benchmark, in one of two modes (argv[2]):
 * - `stateful`: one `WebStandardStreamableHTTPServerTransport` + `McpServer` per session, the
 *   SDK's documented sessionful wiring (sessions in a Map, `Mcp-Session-Id` routing);
 * - `stateless`: `createMcpHandler`, a fresh server per request (2025-era requests through the
 *   stateless legacy fallback, 2026-07-28 requests natively).
 * The SDK speaks web `Request`/`Response`; `@modelcontextprotocol/node` is not a dependency of
 * this repository, so a minimal adapter below does its job (body read once and handed over as
 * `parsedBody`, the response body streamed back, client disconnect aborting the request).
 */
const mode = process.argv[2];
if (mode !== 'stateful' && mode !== 'stateless') {
  throw new Error('usage: node bench/servers/sdk-v2.mjs stateful|stateless');
}

const ECHO_INPUT = fromJsonSchema({
  type: 'object',
  properties: { message: { type: 'string' } },
  required: ['message'],
});

function buildServer() {
  const server = new McpServer({ name: 'sdk-v2-bench', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Returns the message it is given.', inputSchema: ECHO_INPUT },
    ({ message }) => ({ content: [{ type: 'text', text: message }] }),
  );
  return server;
}

const sessions = new Map();

async function serveStateful(request, parsedBody) {
  const sessionId = request.headers.get('mcp-session-id');
  let transport = sessionId === null ? undefined : sessions.get(sessionId);
  if (transport === undefined) {
    if (sessionId !== null || parsedBody?.method !== 'initialize') {
      return Response.json(
        { jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } },
        { status: sessionId === null ? 400 : 404 },
      );
    }
    transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => sessions.set(id, transport),
      onsessionclosed: (id) => sessions.delete(id),
    });
    await buildServer().connect(transport);
  }
  return transport.handleRequest(request, { parsedBody });
}

const handler = mode === 'stateless' ? createMcpHandler(() => buildServer()) : undefined;

function serve(request, parsedBody) {
  return handler === undefined
    ? serveStateful(request, parsedBody)
    : handler.fetch(request, { parsedBody });
}

const http = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    void answer(req, res, chunks).catch((error) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
      else res.destroy();
    });
  });
});

async function answer(req, res, chunks) {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const hasBody = req.method === 'POST' && text !== '';
  const request = new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? text : undefined,
    signal: abort.signal,
  });
  const response = await serve(request, hasBody ? JSON.parse(text) : undefined);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body === null) {
    res.end();
    return;
  }
  res.flushHeaders();
  for await (const chunk of response.body) res.write(chunk);
  res.end();
}

http.keepAliveTimeout = 5_000;
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${http.address().port}\n`);
});
process.on('SIGTERM', () => {
  http.closeAllConnections();
  http.close(() => process.exit(0));
});
