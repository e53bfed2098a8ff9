import 'reflect-metadata';

import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { describe, expect, it } from 'vitest';

import { RollbackToolDto } from '../tools/rollback-tool.dto.js';
import { UpdateToolPolicyDto } from '../tools/update-tool-policy.dto.js';
import { UpdateAccessPolicyDto } from './update-access-policy.dto.js';

async function invalidFields(type: new () => object, body: object): Promise<string[]> {
  const errors = await validate(plainToInstance(type, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  return errors.map((error) => error.property).sort();
}

describe(UpdateAccessPolicyDto.name, () => {
  it('should accept the access fields, and null to lift a restriction', async () => {
    const body = {
      expectedRevision: 3,
      enabled: false,
      roles: ['analyst'],
      allowedClients: null,
      allowedTenants: ['acme'],
    };
    expect(await invalidFields(UpdateAccessPolicyDto, body)).toEqual([]);
  });

  it('should take expectedRevision as optional, but never null', async () => {
    expect(await invalidFields(UpdateAccessPolicyDto, { enabled: false })).toEqual([]);
    expect(await invalidFields(RollbackToolDto, { version: '1.0.0' })).toEqual([]);
    expect(await invalidFields(UpdateAccessPolicyDto, { expectedRevision: null })).toEqual([
      'expectedRevision',
    ]);
  });

  it('should name every invalid field', async () => {
    const body = {
      expectedRevision: -1,
      enabled: 'no',
      roles: ['has space'],
      allowedClients: 'agent-a',
      allowedTenants: Array.from({ length: 21 }, (_, i) => `t${i}`),
    };
    expect(await invalidFields(UpdateAccessPolicyDto, body)).toEqual([
      'allowedClients',
      'allowedTenants',
      'enabled',
      'expectedRevision',
      'roles',
    ]);
  });

  it('should refuse the tool-only fields, which the tool policy DTO adds to the same checks', async () => {
    const toolFields = { expectedRevision: 0, timeoutMs: 1000, rateLimitPerMinute: 5 };
    expect(await invalidFields(UpdateAccessPolicyDto, toolFields)).toEqual([
      'rateLimitPerMinute',
      'timeoutMs',
    ]);
    expect(await invalidFields(UpdateToolPolicyDto, toolFields)).toEqual([]);
    expect(await invalidFields(UpdateToolPolicyDto, { expectedRevision: 0, roles: [''] })).toEqual([
      'roles',
    ]);
  });
});
