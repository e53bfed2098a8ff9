import { describe, expect, it, vi } from 'vitest';

import type { RequestLogLine } from '../logging/request-log-line.js';
import type { RequestContext } from '../protocol/context/request-context.js';
import type { JsonRpcRequest } from '../protocol/json-rpc/json-rpc.types.js';
import type { McpMetrics } from './mcp-metrics.service.js';
import { RequestTelemetry } from './request-telemetry.js';

function setup(logEnabled: boolean) {
  const metrics = { requestHandled: vi.fn(), toolsListed: vi.fn(), toolCalled: vi.fn() };
  const log = { enabled: logEnabled, write: vi.fn() };
  const sut = new RequestTelemetry(
    metrics as unknown as McpMetrics,
    log as unknown as RequestLogLine,
  );
  return { sut, metrics, log };
}

const ctx = {
  correlationId: '6f9f3c1e-1c1a-4d7e-9a51-0c3b8f0d2a11',
  session: { id: 's-1' },
  principal: { subject: 'alice', clientId: undefined },
  clientInfo: { name: 'agent-x', version: '1' },
} as unknown as RequestContext;

const call: JsonRpcRequest = {
  jsonrpc: '2.0',
  id: 7,
  method: 'tools/call',
  params: { name: 'echo', arguments: { message: 'hi' } },
};

describe(RequestTelemetry.name, () => {
  it('should count the request by method and outcome and write one log line', () => {
    const { sut, metrics, log } = setup(true);
    sut.requestFinished(call, ctx, 'ok', performance.now() - 5);

    expect(metrics.requestHandled).toHaveBeenCalledWith('tools/call', 'ok', expect.any(Number));
    const seconds = metrics.requestHandled.mock.calls[0]?.[2] as number;
    expect(seconds).toBeGreaterThanOrEqual(0.005);
    expect(seconds).toBeLessThan(1);
    expect(metrics.toolsListed).not.toHaveBeenCalled();
    expect(log.write).toHaveBeenCalledOnce();
    expect(log.write.mock.calls[0]?.[0]).toMatchObject({
      requestId: ctx.correlationId,
      session: 's-1',
      principal: 'alice',
      client: 'agent-x',
      method: 'tools/call',
      tool: 'echo',
      outcome: 'ok',
    });
  });

  it('should count tools/list and build no log fields when info is filtered out', () => {
    const { sut, metrics, log } = setup(false);
    sut.requestFinished({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, ctx, 'error', 0);

    expect(metrics.toolsListed).toHaveBeenCalledOnce();
    expect(metrics.requestHandled).toHaveBeenCalledWith('tools/list', 'error', expect.any(Number));
    expect(log.write).not.toHaveBeenCalled();
  });

  it('should record a finished tool by name, version and outcome', () => {
    const { sut, metrics } = setup(true);
    sut.toolFinished({ name: 'echo', version: '1.0.0' }, 'tool_error', performance.now());
    expect(metrics.toolCalled).toHaveBeenCalledWith(
      'echo',
      '1.0.0',
      'tool_error',
      expect.any(Number),
    );
  });
});
