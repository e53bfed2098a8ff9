import 'reflect-metadata';

import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { describe, expect, it } from 'vitest';

import { JsonSchemaCompiler } from './json-schema.compiler.js';
import { resolveSchemaSource } from './schema-source.js';

class AddressDto {
  @IsString()
  street!: string;
}

class PersonDto {
  @IsString()
  name!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  age?: number;

  @ValidateNested()
  @Type(() => AddressDto)
  home!: AddressDto;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => AddressDto)
  others?: AddressDto[];
}

describe(JsonSchemaCompiler.name, () => {
  const sut = new JsonSchemaCompiler();

  it('should name the failing field', () => {
    const check = sut.compile(
      { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
      'arguments',
    );
    expect(check({ message: 'hi' })).toBeUndefined();
    expect(check({ message: 1 })).toBe('arguments/message must be string');
    expect(check({})).toBe("arguments must have required property 'message'");
  });

  it('should name an unexpected property and check formats', () => {
    const check = sut.compile(
      {
        type: 'object',
        properties: { mail: { type: 'string', format: 'email' } },
        additionalProperties: false,
      },
      'arguments',
    );
    expect(check({ extra: 1 })).toBe("arguments must NOT have additional properties: 'extra'");
    expect(check({ mail: 'nope' })).toBe('arguments/mail must match format "email"');
  });

  it('should accept unknown annotation keywords such as x-mcp-header', () => {
    const check = sut.compile(
      { type: 'object', properties: { region: { type: 'string', 'x-mcp-header': 'Region' } } },
      'arguments',
    );
    expect(check({ region: 'eu' })).toBeUndefined();
  });

  it('should refuse network $refs instead of fetching them', () => {
    expect(() =>
      sut.compile(
        { type: 'object', properties: { a: { $ref: 'https://example.com/s.json' } } },
        'x',
      ),
    ).toThrow(/can't resolve reference/);
  });

  it('should compile a DTO with nested DTOs resolved into $defs', () => {
    const schema = resolveSchemaSource(PersonDto);
    expect(schema['$defs']).toEqual({
      AddressDto: {
        type: 'object',
        properties: { street: { type: 'string' } },
        required: ['street'],
      },
    });
    const check = sut.compile(schema, 'arguments');
    expect(check({ name: 'a', home: { street: 's' }, others: [{ street: 't' }] })).toBeUndefined();
    expect(check({ name: 'a', home: { street: 1 } })).toBe('arguments/home/street must be string');
    expect(check({ name: 'a', home: { street: 's' }, others: [{}] })).toBe(
      "arguments/others/0 must have required property 'street'",
    );
    expect(check({ name: 'a', age: -1, home: { street: 's' } })).toBe('arguments/age must be >= 0');
  });

  it('should name every failing field, and only the first 20 of very many', () => {
    const check = sut.compile(resolveSchemaSource(PersonDto), 'arguments');
    expect(check({ name: 1, age: -1, home: {} })).toBe(
      'arguments/name must be string; arguments/age must be >= 0; ' +
        "arguments/home must have required property 'street'",
    );
    const others = Array.from({ length: 25 }, () => ({}));
    expect(check({ name: 'a', home: { street: 's' }, others })).toMatch(
      /^arguments\/others\/0 must have required property 'street'; .*; and 5 more$/,
    );
  });

  it('should keep a raw schema verbatim, frozen, and reject a non-object root', () => {
    const raw = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: {},
    };
    const schema = resolveSchemaSource(raw);
    expect(schema).toEqual(raw);
    expect(schema).not.toBe(raw);
    expect(Object.isFrozen(schema['$defs'])).toBe(true);
    expect(() => resolveSchemaSource({ type: 'string' })).toThrow(
      'schema root must have type "object"',
    );
  });
});
