import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createMcpHandler, fromJsonSchema, McpServer } from '@modelcontextprotocol/server';

/**
 * A 2026-07-28 upstream: the official SDK v2 server through `createMcpHandler` (a fresh
 * `McpServer` per request, both eras on one endpoint, `subscriptions/listen` for change
 * notifications), on 127.0.0.1 behind a node:http adapter. Its one tool, `echo`, returns its
 * `message`; `setEchoDescription` changes the tool's description and tells open listeners.
 */
export interface ModernHttpUpstream {
  readonly url: string;
  setEchoDescription(description: string): void;
  close(): Promise<void>;
}

export async function startModernHttpUpstream(): Promise<ModernHttpUpstream> {
  let description = 'Returns its message.';
  const input = fromJsonSchema<{ message: string }>({
    type: 'object',
    properties: { message: { type: 'string' } },
    required: ['message'],
  });
  const handler = createMcpHandler(() => {
    const server = new McpServer({ name: 'modern-fixture', version: '1.0.0' });
    server.registerTool('echo', { description, inputSchema: input }, ({ message }) => ({
      content: [{ type: 'text', text: message }],
    }));
    return server;
  });
  const http = createServer((req, res) => {
    void (async () => {
      const abort = new AbortController();
      res.once('close', () => abort.abort());
      const text = await bodyOf(req);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const request = new Request(`http://127.0.0.1${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(text === '' ? {} : { body: text }),
        signal: abort.signal,
      });
      const response = await handler.fetch(
        request,
        text === '' ? {} : { parsedBody: JSON.parse(text) as unknown },
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body === null) return void res.end();
      res.flushHeaders();
      for await (const chunk of response.body) res.write(chunk);
      res.end();
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    setEchoDescription: (text) => {
      description = text;
      handler.notify.toolsChanged();
    },
    close: async () => {
      await handler.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
