import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ECHO_TEXT, exchange, legacyHeaders, openSession } from './mcp-http.mjs';
import { startSdkServer } from './targets.mjs';

const UPSTREAM = 'bench';

/**
 * The upstream of the federation measurements (docs/federation-client.md "Performance"): the
 * official SDK v2 server (stateful) and an upstreams file naming it, for this server's
 * `MCP_UPSTREAMS_FILE`. `env` goes to this server; `callBody` is `bench__echo` through it;
 * `whenListed(ours)` waits until this server lists that tool; `stop()` ends the upstream.
 */
export async function startUpstream(root) {
  const folder = mkdtempSync(join(tmpdir(), 'mcp-bench-upstreams-'));
  const target = await startSdkServer(root, 'stateful');
  const file = join(folder, 'upstreams.json');
  const entry = { name: UPSTREAM, transport: 'streamable-http', url: target.url };
  writeFileSync(file, JSON.stringify({ upstreams: [entry] }));
  const toolName = `${UPSTREAM}__echo`;
  return {
    target,
    env: { MCP_UPSTREAMS_FILE: file },
    callBody: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: toolName, arguments: { message: ECHO_TEXT } },
    }),
    whenListed: (ours) => waitForTool(ours, toolName),
    stop: async () => {
      await target.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The file is applied at boot, the catalogue read a moment later: wait until the tool is listed. */
async function waitForTool(target, name) {
  const sessionId = await openSession(target);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const list = await exchange(target.url, {
      headers: legacyHeaders(target, sessionId),
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    if (list.body.includes(`"${name}"`)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${target.name} did not list ${name} within 30 s`);
}
