import { describe, expect, it } from 'vitest';

import { duplicatedHeader, SINGLE_VALUE_HEADERS } from './duplicate-header.js';

const TYPICAL = [
  'Host',
  '127.0.0.1:3000',
  'Authorization',
  'Bearer a.b.c',
  'Content-Type',
  'application/json',
  'Accept',
  'application/json, text/event-stream',
  'Mcp-Session-Id',
  '8f9c1c1e-6c1f-4d7c-9d1b-2a3f4b5c6d7e',
  'MCP-Protocol-Version',
  '2025-11-25',
  'Content-Length',
  '42',
];

describe('duplicatedHeader', () => {
  it('should find nothing in a request that carries each header once', () => {
    expect(duplicatedHeader(TYPICAL)).toBeUndefined();
    expect(duplicatedHeader([])).toBeUndefined();
  });

  it('should let other headers repeat (Accept, Cookie, X-Forwarded-For)', () => {
    const repeated = ['Accept', 'a', 'accept', 'b', 'Cookie', 'c=1', 'Cookie', 'd=2'];
    expect(
      duplicatedHeader([...TYPICAL, ...repeated, 'X-Forwarded-For', '1', 'x-forwarded-for', '2']),
    ).toBeUndefined();
  });

  it.each(SINGLE_VALUE_HEADERS)('should find a second %s in any case', (name) => {
    const upper = name.toUpperCase();
    expect(duplicatedHeader(['X-Other', 'x', name, 'one', upper, 'two'])).toBe(name);
    expect(duplicatedHeader([upper, 'one', 'Accept', '*/*', name, 'two'])).toBe(name);
  });

  it('should find a valid and a forged Authorization in either order', () => {
    for (const values of [
      ['Bearer valid', 'Bearer forged'],
      ['Bearer forged', 'Bearer valid'],
    ]) {
      const raw = ['Host', 'h', 'Authorization', values[0]!, 'authorization', values[1]!];
      expect(duplicatedHeader(raw)).toBe('authorization');
    }
  });

  it('should compare whole names only', () => {
    const lookalikes = ['Hosts', 'a', 'Hos', 'b', 'X-Host', 'c', 'Host', 'd', 'Authorizatio', 'e'];
    expect(duplicatedHeader(lookalikes)).toBeUndefined();
  });

  it('should not read header values as names', () => {
    expect(duplicatedHeader(['X-A', 'Host', 'Host', 'h', 'X-B', 'Host'])).toBeUndefined();
  });
});
