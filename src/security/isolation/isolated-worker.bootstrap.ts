/**
 * The program every isolated-tool worker runs (`new Worker(code, { eval: true })`): it imports
 * the tool's module, then answers each `{ args }` message with `{ ok: true, result }` or
 * `{ ok: false }`. The error text stays in the worker's own log line: it may hold internal detail
 * and never reaches a client (README "Errors"). Kept as source text, not as a file, so no
 * build step has to copy it next to the compiled code.
 */
export const ISOLATED_WORKER_BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.moduleUrl).then((module) => {
  const run = module[workerData.exportName];
  if (typeof run !== 'function') {
    throw new TypeError(workerData.moduleUrl + ' has no exported function ' + workerData.exportName);
  }
  parentPort.on('message', async ({ args }) => {
    try {
      parentPort.postMessage({ ok: true, result: await run(args) });
    } catch (error) {
      console.error('isolated tool ' + workerData.exportName + ' failed:', error);
      parentPort.postMessage({ ok: false });
    }
  });
});
`;
