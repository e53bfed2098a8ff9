import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureInspector, runInspector } from '../support/inspector-cli.js';
import type { ProcessResult } from '../support/spawn-server.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// npm installs Node 22 and the Inspector (vite, react, ink) on the first run.
const INSTALL_TIMEOUT_MS = 240_000;
// Each case starts a Node 22 process that connects, initializes and calls.
const CALL_TIMEOUT_MS = 60_000;

/** `--format json` prints exactly one `{"result":…}` object on stdout on success. */
function resultOf(run: ProcessResult): Record<string, unknown> {
  expect(run, run.stderr).toMatchObject({ code: 0 });
  const parsed = JSON.parse(run.stdout) as { result: Record<string, unknown> };
  return parsed.result;
}

/**
 * The MCP Inspector 2.x CLI (`--cli`) against the real app, in both protocol eras: `legacy`
 * (initialize handshake, 2025-11-25) and `modern` (2026-07-28, `server/discover`, stateless).
 */
describe('MCP Inspector CLI', () => {
  let app: TestApp;

  const inspect = (...args: string[]): Promise<ProcessResult> =>
    runInspector(['--cli', app.url, '--format', 'json', ...args]);

  beforeAll(async () => {
    await ensureInspector();
    app = await startTestApp();
  }, INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
  });

  describe.each([
    ['legacy', []],
    ['modern', ['--protocol-era', 'modern']],
  ])('%s era', (_era, eraArgs: string[]) => {
    it('should list the example tools', { timeout: CALL_TIMEOUT_MS }, async () => {
      const result = resultOf(await inspect(...eraArgs, '--method', 'tools/list'));
      const names = (result['tools'] as { name: string }[]).map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['echo', 'current_time']));
    });

    it('should call echo with verbatim JSON arguments', { timeout: CALL_TIMEOUT_MS }, async () => {
      const run = await inspect(
        ...eraArgs,
        '--method',
        'tools/call',
        '--tool-name',
        'echo',
        '--tool-args-json',
        '{"message":"hi"}',
      );
      expect(resultOf(run)).toMatchObject({ content: [{ type: 'text', text: 'hi' }] });
    });
  });

  describe('legacy era', () => {
    it('should read the example resource', { timeout: CALL_TIMEOUT_MS }, async () => {
      const run = await inspect('--method', 'resources/read', '--uri', 'info://server/about');
      expect(resultOf(run)).toMatchObject({
        contents: [
          {
            uri: 'info://server/about',
            mimeType: 'text/plain',
            text: expect.stringContaining('Enterprise MCP server') as unknown,
          },
        ],
      });
    });

    it('should get the example prompt with arguments', { timeout: CALL_TIMEOUT_MS }, async () => {
      const run = await inspect(
        '--method',
        'prompts/get',
        '--prompt-name',
        'summarize',
        '--prompt-args',
        'text=hello world',
        'style=tweet',
      );
      expect(resultOf(run)).toMatchObject({
        messages: [
          {
            role: 'user',
            content: {
              type: 'text',
              text: 'Summarize the following text as tweet:\n\nhello world',
            },
          },
        ],
      });
    });
  });

  describe('modern era', () => {
    const modern = (...args: string[]): Promise<ProcessResult> =>
      inspect('--protocol-era', 'modern', ...args);

    it(
      'should exit 5 with a JSON error envelope for an unknown tool',
      {
        timeout: CALL_TIMEOUT_MS,
      },
      async () => {
        const run = await modern('--method', 'tools/call', '--tool-name', 'no_such_tool');
        expect(run.code, run.stderr).toBe(5);
        expect(run.stdout).toBe('');
        const envelope = JSON.parse(run.stderr.trim().split('\n').at(-1) ?? '') as {
          error: { code: string; message: string };
        };
        expect(envelope.error.code).toBe('tool_not_found');
        expect(envelope.error.message).toContain('no_such_tool');
      },
    );
  });
});
