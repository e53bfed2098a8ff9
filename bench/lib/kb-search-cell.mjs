import { measure } from './cells.mjs';
import { closeSession, inBatches, legacyHeaders, openSession } from './mcp-http.mjs';

/** A `search_docs` call of `query`, as a request body. */
function searchBody(query) {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'search_docs', arguments: { query, limit: 10 } },
  });
}

/**
 * Steady `search_docs` calls on open sessions (one per connection), cycling through `queries`:
 * a few repeated queries measure the search cache, thousands of distinct ones the database.
 * A response counts when it is a successful result with a `hits` list.
 */
export async function kbSearchCell(target, connections, timing, queries) {
  const bodies = queries.map(searchBody);
  const sessions = await inBatches(Array.from({ length: connections }), 16, () =>
    openSession(target),
  );
  const checks = { bad: 0 };
  let assigned = 0;
  let sent = 0;
  try {
    const figures = await measure(
      target,
      {
        url: target.url,
        connections,
        method: 'POST',
        headers: legacyHeaders(target),
        setupClient: (client) => {
          client.setHeaders(legacyHeaders(target, sessions[assigned++ % sessions.length]));
        },
        requests: [
          {
            setupRequest: (request) => ({ ...request, body: bodies[sent++ % bodies.length] }),
            onResponse: (status, body) => {
              if (status !== 200 || !body.includes('"hits":') || body.includes('"isError":true')) {
                checks.bad++;
              }
            },
          },
        ],
      },
      timing,
      checks,
    );
    return { ...figures, unit: 'calls/s' };
  } finally {
    await inBatches(sessions, 16, (id) => closeSession(target, id));
  }
}
