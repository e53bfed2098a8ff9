import { initializeRequest } from './json-rpc-http.js';

/**
 * Plain-HTTP MCP exchanges for ops tests that need exact statuses and timings rather than an
 * SDK client's retries: one 2025-11-25 session per {@link RawMcpSession}.
 */
export interface RawAnswer {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

const HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-11-25',
};

export class RawMcpSession {
  private nextId = 1;

  private constructor(
    private readonly url: string,
    readonly id: string,
  ) {}

  /** initialize + notifications/initialized on `url` (the `/mcp` endpoint). */
  static async open(url: string): Promise<RawMcpSession> {
    const init = await fetch(url, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify(initializeRequest({ client: 'ops-test' })),
    });
    const id = init.headers.get('mcp-session-id');
    await init.text();
    if (init.status !== 200 || id === null) throw new Error(`initialize answered ${init.status}`);
    const session = new RawMcpSession(url, id);
    const ack = await session.post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    if (ack.status !== 202) throw new Error(`notifications/initialized answered ${ack.status}`);
    return session;
  }

  request(method: string, params?: Record<string, unknown>): Promise<RawAnswer> {
    return this.post({ jsonrpc: '2.0', id: this.nextId++, method, params });
  }

  callTool(name: string, args: Record<string, unknown> = {}): Promise<RawAnswer> {
    return this.request('tools/call', { name, arguments: args });
  }

  async close(): Promise<void> {
    const response = await fetch(this.url, { method: 'DELETE', headers: this.headers() });
    await response.arrayBuffer();
  }

  headers(): Record<string, string> {
    return { ...HEADERS, 'mcp-session-id': this.id };
  }

  private async post(message: Record<string, unknown>): Promise<RawAnswer> {
    const started = performance.now();
    const response = await fetch(this.url, {
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify(message),
    });
    const body = await response.text();
    return { status: response.status, body, ms: performance.now() - started };
  }
}
