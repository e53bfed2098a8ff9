import { createServer } from 'node:http';

/**
 * The ceiling of the benchmark: a plain node:http server that parses each JSON-RPC POST and
 * answers the `tools/call` echo result with no protocol, auth, audit or session work at all.
 * It prints `listening <port>` on stdout once it accepts connections.
 */
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
    const text = message.params?.arguments?.message ?? '';
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: message.id ?? null,
      result: { content: [{ type: 'text', text }] },
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
});

server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
