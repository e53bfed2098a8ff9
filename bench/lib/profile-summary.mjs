import { readFileSync } from 'node:fs';

/**
 * Self time per function of a V8 `.cpuprofile` (what `node --cpu-prof` writes), the flat view
 * of a flame graph: each sample is charged to the frame on top of the stack. Returns the
 * `limit` most expensive functions with their share of all samples.
 */
export function summarizeProfile(path, limit = 25) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const selfByFrame = new Map();
  for (const [id, count] of counts) {
    const { callFrame } = byId.get(id);
    const where = callFrame.url === '' ? '' : ` ${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}`;
    const frame = `${callFrame.functionName || '(anonymous)'}${where}`;
    selfByFrame.set(frame, (selfByFrame.get(frame) ?? 0) + count);
  }
  const total = profile.samples.length;
  return [...selfByFrame.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([frame, count]) => ({ frame, percent: Math.round((count / total) * 1000) / 10 }));
}

function shortUrl(url) {
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  return dist === -1 ? url.replace(/^file:\/\//, '') : url.slice(dist + 1);
}
