import { request as httpRequest } from 'node:http';

/** The echo text every checked response must carry back. */
export const ECHO_TEXT = 'bench-echo';
export const LEGACY_VERSION = '2025-11-25';
export const MODERN_VERSION = '2026-07-28';

const BASE_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

export const INITIALIZE_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: {
    protocolVersion: LEGACY_VERSION,
    capabilities: {},
    clientInfo: { name: 'bench', version: '1' },
  },
});
export const INITIALIZED_BODY = JSON.stringify({
  jsonrpc: '2.0',
  method: 'notifications/initialized',
});
export const CALL_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'echo', arguments: { message: ECHO_TEXT } },
});
/**
 * `count` echo calls, each with its own idempotency key (README "Idempotent retries") under
 * `prefix`: every call is a first call, whose result the server keeps.
 */
export function keyedCallBodies(prefix, count) {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: 'echo',
        arguments: { message: ECHO_TEXT },
        _meta: { 'io.github.enterprise-mcp/idempotencyKey': `${prefix}-${i}` },
      },
    }),
  );
}
export const MODERN_CALL_BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: 'echo',
    arguments: { message: ECHO_TEXT },
    _meta: {
      'io.modelcontextprotocol/protocolVersion': MODERN_VERSION,
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' },
    },
  },
});

/** Headers of a 2025-era request (with the target's credentials, and a session when given). */
export function legacyHeaders(target, sessionId) {
  const headers = { ...BASE_HEADERS, ...target.headers, 'mcp-protocol-version': LEGACY_VERSION };
  if (sessionId !== undefined) headers['mcp-session-id'] = sessionId;
  return headers;
}

/** Headers of a 2026-07-28 stateless request (transports: mirrored `Mcp-Method`/`Mcp-Name`). */
export function modernHeaders(target) {
  return {
    ...BASE_HEADERS,
    ...target.headers,
    'mcp-protocol-version': MODERN_VERSION,
    'mcp-method': 'tools/call',
    'mcp-name': 'echo',
  };
}

/** A successful echo result, as JSON or as one SSE event. */
export function isEchoResult(status, body) {
  return status === 200 && body.includes('"result"') && body.includes(ECHO_TEXT);
}

/** One HTTP exchange on its own socket (setup and probes, not measured). */
export function exchange(url, { method = 'POST', headers, body }) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** initialize + notifications/initialized; returns the session id. */
export async function openSession(target) {
  const init = await exchange(target.url, {
    headers: legacyHeaders(target),
    body: INITIALIZE_BODY,
  });
  const sessionId = init.headers['mcp-session-id'];
  if (init.status !== 200 || typeof sessionId !== 'string') {
    throw new Error(
      `${target.name}: initialize answered ${init.status} ${init.body.slice(0, 200)}`,
    );
  }
  const ack = await exchange(target.url, {
    headers: legacyHeaders(target, sessionId),
    body: INITIALIZED_BODY,
  });
  if (ack.status !== 202) throw new Error(`${target.name}: initialized answered ${ack.status}`);
  return sessionId;
}

export async function closeSession(target, sessionId) {
  await exchange(target.url, { method: 'DELETE', headers: legacyHeaders(target, sessionId) });
}

/**
 * Opens the session's standalone GET stream and resolves once its 200 headers arrived; the
 * returned function ends it. The socket stays open meanwhile (that is the idle cost measured).
 */
export function openStream(target, sessionId) {
  return new Promise((resolve, reject) => {
    const headers = { ...legacyHeaders(target, sessionId), accept: 'text/event-stream' };
    delete headers['content-type'];
    const req = httpRequest(target.url, { method: 'GET', headers, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`${target.name}: GET stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.on('error', () => undefined);
      res.resume();
      resolve(() => req.destroy());
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs `task` over `items` with at most `limit` at a time. */
export async function inBatches(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
