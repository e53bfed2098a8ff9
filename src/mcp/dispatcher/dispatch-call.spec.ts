import { describe, expect, it } from 'vitest';

import type { RequestContext } from '../../protocol/context/request-context.js';
import { DispatchCall, RequestCancelledError } from './dispatch-call.js';
import type { InputRequester } from './request-handler-context.js';

const NO_INPUT: InputRequester = {
  request: () => Promise.reject(new Error('no client input in this spec')),
};

function call(signal?: AbortSignal): DispatchCall {
  const ctx = { signal, correlationId: 'c-1' } as unknown as RequestContext;
  return new DispatchCall({ jsonrpc: '2.0', id: 1, method: 'tools/call' }, ctx, NO_INPUT);
}

const never = new Promise<never>(() => undefined);

describe(DispatchCall.name, () => {
  it('should hand out an already aborted signal when asked for it after the abort', () => {
    const sut = call();
    const reason = new Error('timed out');
    sut.abort(reason);
    expect(sut.signal.aborted).toBe(true);
    expect(sut.signal.reason).toBe(reason);
  });

  it('should keep the first abort reason', () => {
    const sut = call();
    const signal = sut.signal;
    const first = new Error('first');
    sut.abort(first);
    sut.abort(new Error('second'));
    expect(sut.abortReason).toBe(first);
    expect(signal.reason).toBe(first);
  });

  it('should reject every running race on abort, even when the work never settles', async () => {
    const sut = call();
    const races = [sut.untilAborted(never), sut.untilAborted(never)];
    const reason = new Error('cancel');
    sut.abort(reason);
    for (const race of races) await expect(race).rejects.toBe(reason);
    await expect(sut.untilAborted(Promise.resolve(1))).rejects.toBe(reason);
  });

  it('should settle like the work when nothing aborts it', async () => {
    const sut = call();
    await expect(sut.untilAborted(Promise.resolve('done'))).resolves.toBe('done');
    const failure = new Error('handler failed');
    await expect(sut.untilAborted(Promise.reject(failure))).rejects.toBe(failure);
    expect(sut.abortReason).toBeUndefined();
  });

  it('should be abandoned when the transport gives the request up', () => {
    const transport = new AbortController();
    const sut = call(transport.signal);
    expect(sut.abandoned).toBe(false);
    transport.abort();
    expect(sut.abortReason).toBeInstanceOf(RequestCancelledError);
    expect(sut.abandoned).toBe(true);
  });
});
