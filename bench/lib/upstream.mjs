import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ECHO_TEXT, exchange, legacyHeaders, openSession } from './mcp-http.mjs';
import { startSdkServer } from './targets.mjs';

/**
 * The upstream of the federation measurements (docs/federation-client.md "Performance"): the
 * official SDK v2 server (stateful) and an upstreams file naming it, for this server's
 * `MCP_UPSTREAMS_FILE`. `env` goes to this server; `callBody` is `bench__echo` through it;
 * `whenListed(ours)` waits until this server lists that tool; `stop()` ends the upstream.
 */
export async function startUpstream(root) {
  const { env, upstreams, stop } = await startUpstreams(root, [{ name: 'bench', core: 0 }]);
  return { ...upstreams[0], env, stop };
}

/**
 * Several such upstreams, each `{ name, core }` pinned to its core, in one upstreams file: one
 * `{ target, callBody, whenListed }` per upstream, in order.
 */
export async function startUpstreams(root, specs) {
  const folder = mkdtempSync(join(tmpdir(), 'mcp-bench-upstreams-'));
  const targets = [];
  const stop = async () => {
    for (const target of targets) await target.stop();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    for (const { core } of specs) targets.push(await startSdkServer(root, 'stateful', core));
  } catch (error) {
    await stop();
    throw error;
  }
  const file = join(folder, 'upstreams.json');
  const entries = specs.map(({ name }, i) => ({
    name,
    transport: 'streamable-http',
    url: targets[i].url,
  }));
  writeFileSync(file, JSON.stringify({ upstreams: entries }));
  const upstreams = specs.map(({ name }, i) => {
    const toolName = `${name}__echo`;
    return {
      target: targets[i],
      callBody: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: toolName, arguments: { message: ECHO_TEXT } },
      }),
      whenListed: (ours) => waitForTool(ours, toolName),
    };
  });
  return { env: { MCP_UPSTREAMS_FILE: file }, upstreams, stop };
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
