import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  LineItemDto,
  ORDER_TOOL,
  OrderDto,
  OrderDtoModule,
  ReceivedOrders,
} from '../fixtures/order-dto.module.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('a DTO tool input over Streamable HTTP with the official SDK client', () => {
  let app: TestApp;
  let client: Client;
  let received: unknown[];

  beforeAll(async () => {
    app = await startTestApp({ extraImports: [OrderDtoModule] });
    received = app.running.app.get(ReceivedOrders).inputs;
    client = new Client({ name: 'e2e-dto', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(app.url)));
  });
  afterAll(async () => {
    await client?.close();
    await app?.close();
  });
  beforeEach(() => {
    received.length = 0;
  });

  it('should hand the handler a transformed DTO instance without undeclared properties', async () => {
    const result = await client.callTool({
      name: ORDER_TOOL,
      arguments: { customer: '  Ann-Marie ', items: [{ name: 'pen', quantity: 2 }], isAdmin: true },
    });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse((result.content as [{ text: string }])[0].text)).toEqual({
      customer: 'ann-marie',
      totalQuantity: 2,
      isOrderDto: true,
      itemsAreLineItemDtos: true,
    });
    expect(received).toHaveLength(1);
    expect(received[0]).toBeInstanceOf(OrderDto);
    expect((received[0] as OrderDto).items[0]).toBeInstanceOf(LineItemDto);
    expect(Object.keys(received[0] as OrderDto)).toEqual(['customer', 'items']);
  });

  it('should list every problem of the custom rules as an isError result and not run the handler', async () => {
    const result = await client.callTool({
      name: ORDER_TOOL,
      arguments: {
        customer: ' Admin ',
        items: [
          { name: 'pen', quantity: 3 },
          { name: 'ink', quantity: 5 },
        ],
      },
    });
    expect(result).toMatchObject({
      isError: true,
      content: [
        {
          type: 'text',
          text:
            'Invalid arguments: arguments/customer must not be a reserved name; ' +
            'arguments/items/0/quantity must be even; arguments/items/1/quantity must be even',
        },
      ],
    });
    expect(received).toHaveLength(0);
  });

  it('should list every JSON Schema problem and not run the handler', async () => {
    const result = await client.callTool({
      name: ORDER_TOOL,
      arguments: { customer: 5, items: [{ quantity: 2.5 }] },
    });
    expect(result.isError).toBe(true);
    expect((result.content as [{ text: string }])[0].text).toBe(
      'Invalid arguments: arguments/customer must be string; ' +
        "arguments/items/0 must have required property 'name'; " +
        'arguments/items/0/quantity must be integer',
    );
    expect(received).toHaveLength(0);
  });
});
