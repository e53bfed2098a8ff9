import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { METRIC_NAMES } from '../../src/metrics/metric-names.js';
import { RawMcpSession } from '../support/raw-mcp-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Value of the series whose name and labels match `pattern` exactly; 0 when absent. */
function sample(text: string, pattern: RegExp): number {
  const line = text.split('\n').find((candidate) => pattern.test(candidate.split(' ')[0] ?? ''));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const series = (name: string, labels = ''): RegExp =>
  new RegExp(`^${name}${labels === '' ? '' : `\\{${labels}\\}`}$`);

describe('ops: metrics after known calls', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  async function scrape(): Promise<string> {
    const response = await fetch(`${app.origin}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  }

  it('should count requests, tool calls, tools/list, sessions and streams', async () => {
    const before = await scrape();
    const session = await RawMcpSession.open(app.url);
    const stream = new AbortController();
    const get = await fetch(app.url, {
      headers: { ...session.headers(), accept: 'text/event-stream' },
      signal: stream.signal,
    });
    expect(get.status).toBe(200);

    expect((await session.request('tools/list')).status).toBe(200);
    for (let i = 0; i < 3; i += 1) {
      const answer = await session.callTool('echo', { message: `m${i}` });
      expect(answer.body).toContain(`"text":"m${i}"`);
    }
    const unknown = await session.callTool('no_such_tool');
    expect(unknown.body).toContain('"error"');

    const during = await scrape();
    const delta = (pattern: RegExp) => sample(during, pattern) - sample(before, pattern);
    expect(delta(series(METRIC_NAMES.requestsTotal, 'method="tools/call",outcome="ok"'))).toBe(3);
    expect(delta(series(METRIC_NAMES.requestsTotal, 'method="tools/call",outcome="error"'))).toBe(
      1,
    );
    expect(delta(series(METRIC_NAMES.requestsTotal, 'method="tools/list",outcome="ok"'))).toBe(1);
    expect(
      delta(series(`${METRIC_NAMES.requestDurationSeconds}_count`, 'method="tools/call"')),
    ).toBe(4);
    expect(delta(series(METRIC_NAMES.toolsListTotal))).toBe(1);
    expect(
      delta(series(METRIC_NAMES.toolCallsTotal, 'tool="echo",version="[^"]+",outcome="success"')),
    ).toBe(3);
    expect(delta(series(`${METRIC_NAMES.toolCallDurationSeconds}_count`, 'tool="echo"'))).toBe(3);
    // Three started rows were committed before their handlers ran: at least one group commit.
    expect(delta(series(`${METRIC_NAMES.auditWriteDurationSeconds}_count`))).toBeGreaterThan(0);
    expect(sample(during, series(METRIC_NAMES.auditQueueDepth))).toBeGreaterThanOrEqual(0);
    expect(sample(during, series(METRIC_NAMES.activeSessions, 'transport="streamable-http"'))).toBe(
      1,
    );
    expect(sample(during, series(METRIC_NAMES.openStreams, 'transport="streamable-http"'))).toBe(1);

    stream.abort();
    await session.close();
    const after = await scrape();
    expect(sample(after, series(METRIC_NAMES.activeSessions, 'transport="streamable-http"'))).toBe(
      0,
    );
    expect(sample(after, series(METRIC_NAMES.openStreams, 'transport="streamable-http"'))).toBe(0);
  });
});
