import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { RecordingSink } from '../../test/support/mcp-core.fakes.js';
import { OutboundRequestError, OutboundRequests } from './outbound-requests.js';

describe(OutboundRequests.name, () => {
  let sut: OutboundRequests;
  let sink: RecordingSink;

  beforeEach(() => {
    vi.useFakeTimers();
    sut = new OutboundRequests(1_000);
    sink = new RecordingSink();
  });

  afterEach(() => vi.useRealTimers());

  it('should send a request with a server id and resolve with the matching response', async () => {
    const pending = sut.request(sink, 'roots/list', {}, new AbortController().signal);
    expect(sink.messages).toEqual([
      { jsonrpc: '2.0', id: 's-1', method: 'roots/list', params: {} },
    ]);
    expect(sut.resolve({ jsonrpc: '2.0', id: 's-2', result: {} })).toBe(false);
    expect(sut.resolve({ jsonrpc: '2.0', id: 's-1', result: { roots: [] } })).toBe(true);
    await expect(pending).resolves.toEqual({ jsonrpc: '2.0', id: 's-1', result: { roots: [] } });
    expect(sut.size).toBe(0);
    expect(sut.resolve({ jsonrpc: '2.0', id: 's-1', result: {} })).toBe(false);
  });

  it('should reject on timeout', async () => {
    const pending = sut.request(sink, 'roots/list', {}, new AbortController().signal);
    const settled = expect(pending).rejects.toBeInstanceOf(OutboundRequestError);
    await vi.advanceTimersByTimeAsync(1_000);
    await settled;
    expect(sut.size).toBe(0);
  });

  it('should reject with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sut.request(sink, 'roots/list', {}, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
    expect(sut.size).toBe(0);
  });

  it('should reject at once when the sink is closed', async () => {
    sink.open = false;
    await expect(sut.request(sink, 'roots/list', {}, new AbortController().signal)).rejects.toThrow(
      'closed',
    );
    expect(sut.size).toBe(0);
  });
});
