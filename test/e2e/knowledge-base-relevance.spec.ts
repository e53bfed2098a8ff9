import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDatabase } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface RelevancePair {
  readonly query: string;
  readonly source: string;
  readonly heading: string;
}
interface Hit {
  readonly source: string;
  readonly heading: string;
}

const PAIRS = JSON.parse(
  readFileSync(
    resolve(import.meta.dirname, '../../src/capabilities/knowledge-base/seed/relevance.json'),
    'utf8',
  ),
) as RelevancePair[];

/**
 * The seed corpus imported at start (src/capabilities/knowledge-base/seed/README.md): every
 * query of relevance.json finds the section that answers it among the top three of search_docs.
 */
describeEachDatabase('knowledge-base search relevance on the seed corpus', (tier) => {
  let app: TestApp;
  let client: Client;

  beforeAll(async () => {
    app = await startTestApp({ tier, env: { KB_SEED_ON_START: 'true' } });
    client = new Client({ name: 'kb-relevance', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(app.url)));
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await app?.close();
  });

  it('should rank the answering section in the top three for every query', async () => {
    const misses: string[] = [];
    for (const pair of PAIRS) {
      const result = await client.callTool({
        name: 'search_docs',
        arguments: { query: pair.query, limit: 3 },
      });
      const { hits } = result.structuredContent as { hits: Hit[] };
      const found = hits.some(
        (hit) => hit.source.endsWith(pair.source) && hit.heading === pair.heading,
      );
      if (!found) {
        misses.push(
          `${pair.query} → ${pair.source} "${pair.heading}"; got ${hits
            .map((hit) => `${hit.source} "${hit.heading}"`)
            .join(', ')}`,
        );
      }
    }
    expect(PAIRS.length).toBeGreaterThan(20);
    expect(misses).toEqual([]);
  }, 120_000);
});
