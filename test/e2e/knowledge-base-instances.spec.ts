import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ElicitRequestSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  authEnv,
  type ConnectedClient,
  connectClient,
  eventually,
  tokenFor,
} from '../support/admin-http.js';
import { KB_ENTITIES } from '../../src/capabilities/knowledge-base/knowledge-base.entities.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startJwksServer, type TestJwksServer } from '../support/jwks-server.js';
import {
  FIXTURE_DOCUMENTS,
  FIXTURE_RECORDS,
  insertDocuments,
  insertRecords,
} from '../support/knowledge-base-fixtures.js';
import { type SpawnedServer, spawnServer } from '../support/spawn-server.js';

const RECORD_URI = 'kb://records/TCK-1001';

/**
 * Two app processes on one Postgres (docs/architecture.md "Multi-instance"): a record changed
 * through one instance is announced to a subscriber connected to the other.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('knowledge base on two instances', () => {
  let database: TestDatabase;
  let jwks: TestJwksServer;
  let apps: SpawnedServer[] = [];
  let writer: Client;
  let subscriber: ConnectedClient;

  beforeAll(async () => {
    database = await createTestDatabase('postgres', { entities: KB_ENTITIES });
    const dataSource = database.dataSource;
    if (dataSource === undefined) throw new Error('test database not open');
    await insertDocuments(dataSource, FIXTURE_DOCUMENTS);
    await insertRecords(dataSource, FIXTURE_RECORDS);
    await database.close();
    jwks = await startJwksServer();
    const env = { ...database.env, ...authEnv(jwks) };
    apps = await Promise.all([
      spawnServer(env, { migrate: false }),
      spawnServer(env, { migrate: false }),
    ]);
    writer = new Client(
      { name: 'kb-writer', version: '1.0.0' },
      { capabilities: { elicitation: { form: {} } } },
    );
    // update_record is destructive: the server asks the user to confirm (README "Call approvals").
    writer.setRequestHandler(ElicitRequestSchema, () => ({
      action: 'accept',
      content: { confirm: true },
    }));
    await writer.connect(
      new StreamableHTTPClientTransport(new URL((apps[0] as SpawnedServer).url), {
        requestInit: { headers: { Authorization: `Bearer ${tokenFor(jwks, 'erin', ['editor'])}` } },
      }),
    );
    subscriber = await connectClient(
      (apps[1] as SpawnedServer).url,
      tokenFor(jwks, 'alice', ['analyst']),
    );
  }, 120_000);

  afterAll(async () => {
    await writer?.close().catch(() => undefined);
    await subscriber?.close().catch(() => undefined);
    await Promise.all(apps.map((app) => app.stop()));
    await jwks?.close();
    await database?.cleanup();
  });

  it('should send resources/updated to a subscriber on B after update_record on A', async () => {
    const updated: string[] = [];
    subscriber.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      updated.push(notification.params.uri);
    });
    await subscriber.client.subscribeResource({ uri: RECORD_URI });
    const result = await writer.callTool({
      name: 'update_record',
      arguments: { recordId: 'TCK-1001', changes: { status: 'pending' }, reason: 'waiting' },
    });
    expect(result.isError).toBeFalsy();
    await eventually(() => updated.includes(RECORD_URI), 3000);
    const { contents } = await subscriber.client.readResource({ uri: RECORD_URI });
    expect(JSON.parse(String((contents[0] as { text: string }).text))).toMatchObject({
      version: 2,
      fields: { status: 'pending' },
      updatedBy: 'erin',
    });
  });

  it('should not notify a subscriber of another record', async () => {
    const updated: string[] = [];
    subscriber.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      updated.push(notification.params.uri);
    });
    await writer.callTool({
      name: 'update_record',
      arguments: { recordId: 'TCK-1002', changes: { status: 'closed' }, reason: 'done' },
    });
    await writer.callTool({
      name: 'update_record',
      arguments: { recordId: 'TCK-1001', changes: { status: 'open' }, reason: 'reopened' },
    });
    await eventually(() => updated.includes(RECORD_URI), 3000);
    expect(updated).not.toContain('kb://records/TCK-1002');
  });
});
