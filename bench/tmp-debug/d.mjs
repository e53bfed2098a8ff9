import autocannon from 'autocannon';
import { startOurServer } from '/work/main/bench/lib/targets.mjs';
import { legacyHeaders, INITIALIZE_BODY, INITIALIZED_BODY, CALL_BODY } from '/work/main/bench/lib/mcp-http.mjs';
const t = await startOurServer('/work/main');
const seen = new Map();
const rec = (step) => (status, body, context, headers) => { if (step === 0) context.sessionId = headers['mcp-session-id']; const k = `${step}:${status}:${body.slice(0,80)}`; seen.set(k, (seen.get(k) ?? 0) + 1); };
const withSession = (request, context) => ({ ...request, headers: legacyHeaders(t, context.sessionId) });
try {
  await new Promise((res, rej) => autocannon({ url: t.url, connections: 4, duration: 1, requests: [
    { method: 'POST', headers: legacyHeaders(t), body: INITIALIZE_BODY, onResponse: rec(0) },
    { method: 'POST', body: INITIALIZED_BODY, setupRequest: withSession, onResponse: rec(1) },
    { method: 'POST', body: CALL_BODY, setupRequest: withSession, onResponse: rec(2) },
    { method: 'DELETE', setupRequest: withSession, onResponse: rec(3) },
  ]}, (e, r) => e ? rej(e) : res(r)));
  console.log(seen);
} finally { await t.stop(); }
