import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';

import { KB_ENTITIES } from '../../src/capabilities/knowledge-base/knowledge-base.entities.js';
import { authEnv, tokenFor } from './admin-http.js';
import { createTestDatabase, type DatabaseTier } from './database.js';
import { startJwksServer, type TestJwksServer } from './jwks-server.js';
import {
  FIXTURE_DOCUMENTS,
  FIXTURE_RECORDS,
  insertDocuments,
  insertRecords,
} from './knowledge-base-fixtures.js';
import { startTestApp, type TestApp } from './test-app.js';

/** A running app with the fixture corpus and records, and an issuer of role-bearing tokens. */
export interface KnowledgeBaseApp {
  readonly app: TestApp;
  readonly jwks: TestJwksServer;
  /** An SDK 1.x client for `subject` with `roles`, closed by `close()`. */
  connect(
    subject: string,
    roles: readonly string[],
    capabilities?: ClientCapabilities,
  ): Promise<Client>;
  close(): Promise<void>;
}

/**
 * Writes the fixtures through the entities first, then starts the app on that database with
 * auth on (a PGlite data directory has one owner at a time, so the test closes it before).
 */
export async function startKnowledgeBaseApp(tier: DatabaseTier): Promise<KnowledgeBaseApp> {
  const database = await createTestDatabase(tier, { entities: KB_ENTITIES });
  const dataSource = database.dataSource;
  if (dataSource === undefined) throw new Error('test database not open');
  await insertDocuments(dataSource, FIXTURE_DOCUMENTS);
  await insertRecords(dataSource, FIXTURE_RECORDS);
  await database.close();
  const jwks = await startJwksServer();
  const app = await startTestApp({ tier, database, env: authEnv(jwks) });
  const clients: Client[] = [];
  return {
    app,
    jwks,
    async connect(subject, roles, capabilities = {}) {
      const transport = new StreamableHTTPClientTransport(new URL(app.url), {
        requestInit: { headers: { Authorization: `Bearer ${tokenFor(jwks, subject, roles)}` } },
      });
      const client = new Client({ name: 'kb-test', version: '1.0.0' }, { capabilities });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
      await app.close();
      await jwks.close();
      await database.cleanup();
    },
  };
}
