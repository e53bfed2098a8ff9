import 'reflect-metadata';

import { describe, expect, it } from 'vitest';

import { LineItemDto, OrderDto } from '../../../test/fixtures/order-dto.module.js';
import type { SchemaSource } from '../../protocol/capabilities/capability.types.js';
import type { ToolInputParser } from '../../protocol/capabilities/registered-capability.types.js';
import { JsonSchemaCompiler } from './json-schema.compiler.js';
import { resolveSchemaSource } from './schema-source.js';
import { toolInputParser } from './tool-input.parser.js';

const compiler = new JsonSchemaCompiler();

function parserOf(source: SchemaSource): ToolInputParser {
  return toolInputParser(
    source,
    compiler.compile(resolveSchemaSource(source), 'arguments'),
    'arguments',
  );
}

const ORDER = { customer: '  Ann-Marie ', items: [{ name: 'pen', quantity: 2 }] };

describe(toolInputParser.name, () => {
  const order = parserOf(OrderDto);

  it('should hand a DTO tool an instance of its DTO, transformed, with nested instances', async () => {
    const input = await order(ORDER);
    expect(input.ok).toBe(true);
    const value = (input as { value: OrderDto }).value;
    expect(value).toBeInstanceOf(OrderDto);
    expect(value.items[0]).toBeInstanceOf(LineItemDto);
    expect(value.customer).toBe('ann-marie');
    expect(value.totalQuantity()).toBe(2);
  });

  it("should list every problem of the DTO's own rules, with nested paths", async () => {
    const input = await order({
      customer: ' ROOT ',
      items: [
        { name: 'pen', quantity: 3 },
        { name: 'ink', quantity: 5 },
      ],
    });
    expect(input).toEqual({
      ok: false,
      problems:
        'arguments/customer must not be a reserved name; arguments/items/0/quantity must be even; ' +
        'arguments/items/1/quantity must be even',
    });
  });

  it('should validate the transformed value, not the one the client sent', async () => {
    // Five characters for the JSON Schema, two once trimmed.
    expect(await order({ ...ORDER, customer: '  AB ' })).toEqual({
      ok: false,
      problems: 'arguments/customer must be longer than or equal to 3 characters',
    });
  });

  it('should report JSON Schema problems first, all of them, before any transform runs', async () => {
    expect(await order({ customer: 5, items: [{ quantity: 'x' }] })).toEqual({
      ok: false,
      problems:
        "arguments/customer must be string; arguments/items/0 must have required property 'name'; " +
        'arguments/items/0/quantity must be integer',
    });
  });

  it('should hand a raw-schema tool its arguments as they are', async () => {
    const raw = parserOf({ type: 'object', properties: { a: { type: 'string' } } });
    const args = { a: ' x ' };
    expect(await raw(args)).toEqual({ ok: true, value: args });
    expect(((await raw(args)) as { value: unknown }).value).toBe(args);
    expect(await raw({ a: 1 })).toEqual({ ok: false, problems: 'arguments/a must be string' });
  });

  it('should drop properties the DTO does not declare, as ValidationPipe whitelist does', async () => {
    const input = await order({
      ...ORDER,
      isAdmin: true,
      items: [{ name: 'pen', quantity: 2, x: 1 }],
    });
    expect(input.ok).toBe(true);
    const value = (input as { value: OrderDto }).value;
    expect(Object.keys(value)).toEqual(['customer', 'items']);
    expect(Object.keys(value.items[0]!)).toEqual(['name', 'quantity']);
  });
});
