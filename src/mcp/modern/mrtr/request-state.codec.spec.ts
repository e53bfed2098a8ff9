import { describe, expect, it } from 'vitest';

import { McpError } from '../../../protocol/json-rpc/mcp-error.js';
import { RequestStateCodec, type RequestStateBinding } from './request-state.codec.js';

const BINDING: RequestStateBinding = {
  subject: 'alice',
  method: 'tools/call',
  name: 'deploy',
  argumentsDigest: 'digest-of-args',
};
const ANSWERS = { confirm: { action: 'accept', content: { ok: true } } };

function codec(now = () => 1_000_000, key = Buffer.alloc(32, 7)): RequestStateCodec {
  return new RequestStateCodec(key, 60_000, now);
}

function rejects(action: () => unknown): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(McpError);
  expect((thrown as McpError).toJsonRpcError()).toMatchObject({
    code: -32602,
    data: { reason: 'invalid_request_state' },
  });
}

describe(RequestStateCodec.name, () => {
  it('should return the carried answers for the request it was minted for', () => {
    const sut = codec();
    expect(sut.verify(sut.sign(BINDING, ANSWERS), BINDING)).toEqual(ANSWERS);
  });

  it.each<[string, Partial<RequestStateBinding>]>([
    ['another principal', { subject: 'mallory' }],
    ['another method', { method: 'prompts/get' }],
    ['another tool', { name: 'delete' }],
    ['other arguments', { argumentsDigest: 'other' }],
  ])('should refuse a state replayed for %s', (_case, change) => {
    const sut = codec();
    const state = sut.sign(BINDING, ANSWERS);
    rejects(() => sut.verify(state, { ...BINDING, ...change }));
  });

  it('should refuse a state after its expiry', () => {
    let now = 1_000_000;
    const sut = codec(() => now);
    const state = sut.sign(BINDING, ANSWERS);
    now += 60_000;
    rejects(() => sut.verify(state, BINDING));
  });

  it('should refuse tampered, truncated, foreign-key and garbage states', () => {
    const sut = codec();
    const state = sut.sign(BINDING, ANSWERS);
    const [body = '', mac = ''] = state.split('.');
    const forgedBody = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), sub: 'mallory' }),
    ).toString('base64url');
    for (const bad of [
      `${state}-TAMPERED`,
      `${forgedBody}.${mac}`,
      body,
      `.${mac}`,
      'not a state',
      codec(undefined, Buffer.alloc(32, 8)).sign(BINDING, ANSWERS),
    ]) {
      rejects(() => sut.verify(bad, BINDING));
    }
  });
});
