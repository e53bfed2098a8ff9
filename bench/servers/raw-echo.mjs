import { createServer } from 'node:http';

/**
 * The ceiling of the benchmark: a plain node:http server that parses each JSON-RPC POST and
 * answers with no protocol, auth, audit or session work at all: `initialize` with a minimal
 * result, notifications with 202, any other request with the `tools/call` echo result.
 * The orchestrator polls it until it accepts connections.
 */
const INITIALIZE_RESULT = {
  protocolVersion: '2025-11-25',
  capabilities: { tools: {} },
  serverInfo: { name: 'raw-echo', version: '1.0.0' },
};

function answer(message) {
  const result =
    message.method === 'initialize'
      ? INITIALIZE_RESULT
      : { content: [{ type: 'text', text: message.params?.arguments?.message ?? '' }] };
  return JSON.stringify({ jsonrpc: '2.0', id: message.id, result });
}

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let message;
    try {
      message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"parse"}');
      return;
    }
    if (message.id === undefined) {
      res.writeHead(202).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(answer(message));
  });
});

server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
