import type { ServerResponse } from 'node:http';

import { describe, expect, it } from 'vitest';

import type { JsonRpcId } from '../../protocol/json-rpc/json-rpc.types.js';
import { HttpRejection } from './http-rejections.js';
import { errorBody, writeRejection } from './http-response.writer.js';

/** What `writeRejection` sent: status, headers and the parsed body. */
function rejectionAnswer(rejection: HttpRejection, id?: JsonRpcId) {
  const sent = { status: 0, headers: new Map<string, unknown>(), body: '' };
  const res = {
    set statusCode(status: number) {
      sent.status = status;
    },
    setHeader: (name: string, value: unknown) => sent.headers.set(name, value),
    end: (body: string) => (sent.body = body),
  } as unknown as ServerResponse;
  writeRejection(res, rejection, undefined, id);
  return { ...sent, json: JSON.parse(sent.body) as Record<string, unknown> };
}

describe('errorBody', () => {
  const error = { code: -32000, message: 'Forbidden: Origin not allowed' };

  it('should leave `id` out when no request was read (no schema revision allows null)', () => {
    expect(errorBody(error)).toBe(
      '{"jsonrpc":"2.0","error":{"code":-32000,"message":"Forbidden: Origin not allowed"}}',
    );
  });

  it.each([0, 7, 'req-1'])('should echo the request id %j', (id) => {
    expect(JSON.parse(errorBody(error, id))).toEqual({ jsonrpc: '2.0', id, error });
  });
});

describe('writeRejection', () => {
  it('should answer a fixed row without an id, the same body each time', () => {
    const first = rejectionAnswer(new HttpRejection('sessionNotFound'));
    const second = rejectionAnswer(new HttpRejection('sessionNotFound'));
    expect(first.status).toBe(404);
    expect(first.json).toEqual({
      jsonrpc: '2.0',
      error: { code: -32001, message: 'Session not found' },
    });
    expect(second.body).toBe(first.body);
  });

  it('should echo the id of a request rejected after its body was read', () => {
    const fixed = rejectionAnswer(new HttpRejection('sessionNotFound'), 3);
    expect(fixed.json).toEqual({
      jsonrpc: '2.0',
      id: 3,
      error: { code: -32001, message: 'Session not found' },
    });
    const withData = rejectionAnswer(
      new HttpRejection('unsupportedProtocolVersion', { requested: 'x', supported: [] }),
      'a',
    );
    expect(withData.json).toMatchObject({ id: 'a', error: { data: { requested: 'x' } } });
  });

  it('should close the connection for a Connection: close row', () => {
    const answer = rejectionAnswer(new HttpRejection('payloadTooLarge', { maxBytes: 1 }));
    expect(answer.status).toBe(413);
    expect(answer.headers.get('Connection')).toBe('close');
    expect(answer.json).not.toHaveProperty('id');
  });
});
