/** A JSON-RPC response as it came back over Streamable HTTP (JSON body or SSE event). */
export interface RpcReply {
  readonly status: number;
  readonly result?: Record<string, unknown>;
  readonly error?: { code: number; message: string };
}

/**
 * One request on an existing 2025-era session, answered as JSON or as an SSE stream (transports
 * §Sending messages): the event carrying the response with our id is picked out.
 */
export async function rpc(
  url: string,
  token: string,
  sessionId: string,
  method: string,
  params: Record<string, unknown> = {},
  id: number = 1,
): Promise<RpcReply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'Mcp-Session-Id': sessionId,
      'MCP-Protocol-Version': '2025-11-25',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
  });
  const text = await response.text();
  const messages = (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => JSON.parse(line.slice(5)) as Record<string, unknown>)
    : text === ''
      ? []
      : [JSON.parse(text) as Record<string, unknown>];
  const reply = messages.find((message) => message.id === id) ?? {};
  return { status: response.status, ...(reply as Omit<RpcReply, 'status'>) };
}

/** An `initialize` request as a raw client sends it (lifecycle §Initialization). */
export function initializeRequest(
  options: {
    readonly id?: number;
    readonly protocolVersion?: string;
    readonly client?: string;
  } = {},
): Record<string, unknown> {
  return {
    jsonrpc: '2.0',
    id: options.id ?? 0,
    method: 'initialize',
    params: {
      protocolVersion: options.protocolVersion ?? '2025-11-25',
      capabilities: {},
      clientInfo: { name: options.client ?? 'raw', version: '1' },
    },
  };
}
