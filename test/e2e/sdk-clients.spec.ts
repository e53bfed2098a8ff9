import {
  Client as ClientV2,
  StreamableHTTPClientTransport as TransportV2,
} from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { availableTiers } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe.each(availableTiers())('official SDK clients over Streamable HTTP [%s]', (tier) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ tier });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('should initialize, list and call a tool with the SDK 1.x client', async () => {
    const client = new ClientV1({ name: 'e2e-v1', version: '1.0.0' });
    await client.connect(new TransportV1(new URL(app.url)));
    try {
      expect(client.getServerVersion()?.name).toBe(app.config.mcp.serverName);
      const { tools } = await client.listTools();
      const names = tools.map((tool) => tool.name);
      expect(names).toContain('echo');
      expect(names).not.toContain('admin_echo');
      const result = await client.callTool({ name: 'echo', arguments: { message: 'hello' } });
      expect(result.content).toEqual([{ type: 'text', text: 'hello' }]);
      expect(result.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it('should initialize, list and call a tool with the SDK 2.x client', async () => {
    const client = new ClientV2({ name: 'e2e-v2', version: '1.0.0' });
    await client.connect(new TransportV2(new URL(app.url)));
    try {
      const { tools } = await client.listTools();
      expect(tools.find((tool) => tool.name === 'current_time')?.outputSchema).toBeDefined();
      const result = await client.callTool({ name: 'current_time', arguments: {} });
      expect(result.structuredContent).toMatchObject({ iso: expect.any(String) });
    } finally {
      await client.close();
    }
  });

  it('should answer invalid arguments with an isError result naming the field', async () => {
    const client = new ClientV1({ name: 'e2e-v1', version: '1.0.0' });
    await client.connect(new TransportV1(new URL(app.url)));
    try {
      const result = await client.callTool({ name: 'echo', arguments: { message: 42 } });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toContain('message');
    } finally {
      await client.close();
    }
  });
});
