import 'reflect-metadata';

import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { describe, expect, it } from 'vitest';

import { UpdateToolPolicyDto } from './update-tool-policy.dto.js';

async function problems(clientVersionPins: unknown): Promise<string[]> {
  const dto = plainToInstance(UpdateToolPolicyDto, { expectedRevision: 0, clientVersionPins });
  const errors = await validate(dto);
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('UpdateToolPolicyDto.clientVersionPins', () => {
  it('should accept pins, removals and null (remove every pin)', async () => {
    expect(await problems({ 'legacy-app': '1.0.0', 'Old Agent/2': null })).toEqual([]);
    expect(await problems(null)).toEqual([]);
    expect(await problems(undefined)).toEqual([]);
  });

  it.each([
    ['a list', ['legacy-app'], /must be an object/],
    ['a string', '1.0.0', /must be an object/],
    ['an empty map', {}, /at least one client/],
    ['an empty client id', { '': '1.0.0' }, /client id "" must be 1 to 256/],
    ['a long client id', { ['x'.repeat(257)]: '1.0.0' }, /client id "x{64}…" must be 1 to 256/],
    ['a control character', { 'app\u0000': '1.0.0' }, /printable ASCII/],
    ['a number as version', { app: 1 }, /version of client "app" must be a label/],
    ['an empty version', { app: '' }, /version of client "app" must be a label/],
    ['a long version', { app: 'v'.repeat(65) }, /version of client "app" must be a label/],
    [
      '1,001 pins',
      Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`c${i}`, '1.0.0'])),
      /at most 1000/,
    ],
  ])('should refuse %s with a message naming the problem', async (_label, value, message) => {
    const found = await problems(value);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });
});
