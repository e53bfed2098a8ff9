import { describe, expect, it } from 'vitest';

import { LINE_CONTEXTS } from './line-contexts.js';
import { prettyLine } from './pretty-line.js';

const time = new Date(2026, 0, 2, 3, 4, 5, 67).getTime();
const envelope = { time, pid: 1, hostname: 'h' };

describe(prettyLine.name, () => {
  it('should write an access line as method, path, status and duration, then its ids', () => {
    const line = prettyLine(
      {
        ...envelope,
        level: 40,
        context: LINE_CONTEXTS.httpAccess,
        requestId: 'r-1',
        method: 'POST',
        path: '/mcp',
        status: 401,
        durationMs: 0.42,
        reason: 'invalid_token: expired',
        msg: 'http request',
      },
      false,
    );
    expect(line).toBe(
      '03:04:05.067 WARN  POST /mcp 401 0.42ms requestId=r-1 reason="invalid_token: expired"\n',
    );
  });

  it('should write an MCP request as method, tool, outcome and duration', () => {
    const line = prettyLine(
      {
        ...envelope,
        level: 30,
        context: LINE_CONTEXTS.mcpRequest,
        requestId: 'r-2',
        session: undefined,
        principal: 'alice',
        method: 'tools/call',
        tool: 'echo',
        outcome: 'ok',
        durationMs: 1.5,
        msg: 'mcp request',
      },
      false,
    );
    expect(line).toBe(
      '03:04:05.067 INFO  tools/call echo ok 1.5ms requestId=r-2 principal=alice\n',
    );
  });

  it('should list the boot summary one field per line', () => {
    const line = prettyLine(
      {
        ...envelope,
        level: 30,
        context: LINE_CONTEXTS.bootSummary,
        msg: 'ready',
        mcp: 'http://127.0.0.1:3000/mcp',
        adminToken: 'npm run token -- --sub you --roles admin',
      },
      false,
    );
    expect(line).toBe(
      '03:04:05.067 INFO  ready\n' +
        '    mcp         http://127.0.0.1:3000/mcp\n' +
        '    adminToken  npm run token -- --sub you --roles admin\n',
    );
  });

  it('should write any other line as [context] message, then its fields and stack', () => {
    const line = prettyLine(
      {
        ...envelope,
        level: 50,
        context: 'SecurityEvents',
        msg: 'denied',
        event: 'access_denied',
        count: 2,
        err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at f (x.js:1:1)' },
      },
      false,
    );
    expect(line).toBe(
      '03:04:05.067 ERROR [SecurityEvents] denied event=access_denied count=2\n' +
        '    Error: boom\n        at f (x.js:1:1)\n',
    );
  });

  it("should keep the message of Nest's logger.error(message, stack) above the stack", () => {
    const line = prettyLine(
      {
        ...envelope,
        level: 50,
        context: 'StdioConnection',
        err: { message: 'stdio message failed [c-1]', stack: 'TypeError: x\n    at g (y.js:2:2)' },
      },
      false,
    );
    expect(line).toBe(
      '03:04:05.067 ERROR [StdioConnection]\n' +
        '    stdio message failed [c-1]\n    TypeError: x\n        at g (y.js:2:2)\n',
    );
  });

  it('should colour the level only when asked', () => {
    const record = { ...envelope, level: 30, msg: 'hello' };
    expect(prettyLine(record, true)).toBe('03:04:05.067 \u001b[32mINFO \u001b[39m hello\n');
    expect(prettyLine(record, false)).not.toContain('\u001b[');
  });
});
