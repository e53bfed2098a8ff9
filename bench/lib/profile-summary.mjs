import { readFileSync } from 'node:fs';

/**
 * Self time of a V8 `.cpuprofile` (what `node --cpu-prof` writes), the flat view of a flame
 * graph: each sample is charged to the frame on top of the stack. Only samples taken after
 * `fromMs` (profile-relative: skips the boot) count, and idle time is left out, so shares are
 * of the CPU actually spent serving. Returns the `limit` most expensive functions and the
 * share of each package (`node_modules/<name>`, `dist/` = this server, `node:` = the runtime).
 */
export function summarizeProfile(path, { fromMs = 0, limit = 25 } = {}) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const counts = new Map();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if ((at - profile.startTime) / 1000 >= fromMs) counts.set(id, (counts.get(id) ?? 0) + 1);
  });
  const byFrame = new Map();
  const byPackage = new Map();
  let total = 0;
  for (const [id, count] of counts) {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === '(idle)') continue;
    total += count;
    const where =
      callFrame.url === '' ? '' : ` ${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}`;
    const frame = `${callFrame.functionName || '(anonymous)'}${where}`;
    byFrame.set(frame, (byFrame.get(frame) ?? 0) + count);
    const pkg = packageOf(callFrame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + count);
  }
  const top = (map, n) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, count]) => ({ name, percent: Math.round((count / total) * 1000) / 10 }));
  return { functions: top(byFrame, limit), packages: top(byPackage, 15) };
}

function packageOf({ url, functionName }) {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node: runtime';
  if (url.startsWith('wasm://')) return 'wasm (PGlite)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules === -1) return url.includes('/dist/') ? 'this server (dist/)' : url;
  const [scope, name] = url.slice(modules + 'node_modules/'.length).split('/');
  return scope.startsWith('@') ? `${scope}/${name}` : scope;
}

function shortUrl(url) {
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  return dist === -1 ? url.replace(/^file:\/\//, '') : url.slice(dist + 1);
}
