import autocannon from 'autocannon';

import {
  CALL_BODY,
  closeSession,
  INITIALIZE_BODY,
  INITIALIZED_BODY,
  inBatches,
  isEchoResult,
  legacyHeaders,
  MODERN_CALL_BODY,
  modernHeaders,
  openSession,
  openStream,
  exchange,
} from './mcp-http.mjs';

/**
 * One measured cell = autocannon for `warmupSec` (discarded), then for `durationSec`. Every
 * response is checked by the caller's `onResponse`; `failed` counts wrong answers, non-2xx,
 * socket errors and timeouts together, and any failure is reported next to the figures. The CPU
 * the server (and a local Postgres, for this server; and its upstream, when the target has one)
 * used in the window is reported per request, and so are the audit rows written in it when the
 * target counts them (`auditRows()`, the scaling cells).
 */
export async function measure(target, options, timing, checks) {
  if (timing.warmupSec > 0) await run({ ...options, duration: timing.warmupSec });
  checks.bad = 0;
  const rowsBefore = await target.auditRows?.();
  const cpuBefore = cpuSample(target);
  const result = await run({ ...options, duration: timing.durationSec });
  const cpuAfter = cpuSample(target);
  const rowsAfter = await target.auditRows?.();
  const perRequestUs = (key) =>
    cpuBefore[key] === undefined || cpuAfter[key] === undefined || result.requests.total === 0
      ? undefined
      : ((cpuAfter[key] - cpuBefore[key]) / result.requests.total) * 1e6;
  const auditRows = rowsBefore === undefined ? undefined : rowsAfter - rowsBefore;
  // No answer in the window (a stalled server): no latency and nothing per call to report.
  const answered = result.requests.total > 0;
  return {
    requests: result.requests.total,
    rps: result.requests.total / timing.durationSec,
    p50: answered ? result.latency.p50 : undefined,
    p99: answered ? result.latency.p99 : undefined,
    failed: checks.bad + result.non2xx + result.errors + result.timeouts,
    serverCpuUs: perRequestUs('server'),
    databaseCpuUs: perRequestUs('database'),
    upstreamCpuUs: perRequestUs('upstream'),
    auditRowsPerSecond: auditRows === undefined ? undefined : auditRows / timing.durationSec,
    auditRowsPerCall:
      auditRows === undefined || !answered ? undefined : auditRows / result.requests.total,
  };
}

function cpuSample(target) {
  return {
    server: target.process.cpuSeconds(),
    database: target.databaseCpuSeconds?.(),
    upstream: target.upstreamCpuSeconds?.(),
  };
}

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon({ timeout: 10, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/**
 * Steady `tools/call` on open sessions: one session per connection (or none, stateless). By
 * default the echo call; `bodies` cycles through other calls, and `isOk(status, body)` checks
 * each answer. A target made of `parts` (instances of one server) gets the connections dealt
 * out in turn, each with a session on its own instance (autocannon assigns URLs the same way).
 */
export async function steadyCell(
  target,
  connections,
  timing,
  { bodies = [CALL_BODY], isOk = isEchoResult } = {},
) {
  const parts = target.parts ?? [target];
  const partOf = (connection) => parts[connection % parts.length];
  const sessions = target.sessions
    ? await inBatches(Array.from({ length: connections }), 16, (_, i) => openSession(partOf(i)))
    : [];
  const checks = { bad: 0 };
  let assigned = 0;
  let sent = 0;
  const onResponse = (status, body) => {
    if (!isOk(status, body)) checks.bad++;
  };
  try {
    const figures = await measure(
      target,
      {
        url: parts.length === 1 ? target.url : parts.map((part) => part.url),
        connections,
        method: 'POST',
        headers: legacyHeaders(parts[0]),
        body: bodies[0],
        setupClient: (client) => {
          // Each autocannon run (warm-up, window) sets its clients up again, in the same order.
          const connection = assigned++ % connections;
          if (sessions.length > 0) {
            client.setHeaders(legacyHeaders(partOf(connection), sessions[connection]));
          }
        },
        requests: [
          bodies.length === 1
            ? { onResponse }
            : {
                setupRequest: (request) => ({ ...request, body: bodies[sent++ % bodies.length] }),
                onResponse,
              },
        ],
      },
      timing,
      checks,
    );
    return { ...figures, unit: 'calls/s' };
  } finally {
    await inBatches(sessions, 16, (id, i) => closeSession(partOf(i), id));
  }
}

/**
 * Cold clients: initialize, notifications/initialized, one tools/call, then DELETE (servers
 * without sessions: the first three only). Each step checks its answer; rate = clients/s.
 */
export async function coldCell(target, connections, timing) {
  const checks = { bad: 0 };
  const expect = (ok) => (status, body, context, headers) => {
    if (!ok(status, body, headers, context)) checks.bad++;
  };
  const withSession = (request, context) => ({
    ...request,
    headers: legacyHeaders(target, context.sessionId),
  });
  const steps = [
    {
      method: 'POST',
      headers: legacyHeaders(target),
      body: INITIALIZE_BODY,
      onResponse: expect((status, body, headers, context) => {
        context.sessionId = sessionIdOf(headers);
        return status === 200 && body.includes('"protocolVersion"');
      }),
    },
    {
      method: 'POST',
      body: INITIALIZED_BODY,
      setupRequest: withSession,
      onResponse: expect((status) => status === 202 || status === 200),
    },
    {
      method: 'POST',
      body: CALL_BODY,
      setupRequest: withSession,
      onResponse: expect((status, body) => isEchoResult(status, body)),
    },
  ];
  if (target.sessions) {
    steps.push({
      method: 'DELETE',
      setupRequest: withSession,
      onResponse: expect((status) => status === 200 || status === 204),
    });
  }
  const figures = await measure(
    target,
    { url: target.url, connections, requests: steps },
    timing,
    checks,
  );
  const perClient = (us) => (us === undefined ? undefined : us * steps.length);
  return {
    ...figures,
    rps: figures.rps / steps.length,
    serverCpuUs: perClient(figures.serverCpuUs),
    databaseCpuUs: perClient(figures.databaseCpuUs),
    unit: 'clients/s',
  };
}

/** autocannon hands over the headers as the server spelled them. */
function sessionIdOf(headers) {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'mcp-session-id') return value;
  }
  return undefined;
}

/** Whether `target` answers a 2026-07-28 stateless `tools/call` (probed once). */
export async function supportsModern(target) {
  const probe = await exchange(target.url, {
    headers: modernHeaders(target),
    body: MODERN_CALL_BODY,
  });
  return isEchoResult(probe.status, probe.body);
}

export async function modernCell(target, connections, timing) {
  const checks = { bad: 0 };
  const figures = await measure(
    target,
    {
      url: target.url,
      connections,
      method: 'POST',
      headers: modernHeaders(target),
      body: MODERN_CALL_BODY,
      requests: [
        {
          onResponse: (status, body) => {
            if (!isEchoResult(status, body)) checks.bad++;
          },
        },
      ],
    },
    timing,
    checks,
  );
  return { ...figures, unit: 'calls/s' };
}

/**
 * `count` sessions, each with an open GET stream: RSS growth per session, read after a pause
 * so the server settled. Streams and sessions are closed again afterwards.
 */
export async function idleCell(target, count, rssBytes) {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));
  await settle();
  const before = rssBytes();
  const sessions = await inBatches(Array.from({ length: count }), 32, () => openSession(target));
  const closers = await inBatches(sessions, 32, (id) => openStream(target, id));
  await settle();
  const after = rssBytes();
  for (const close of closers) close();
  await inBatches(sessions, 32, (id) => closeSession(target, id));
  return {
    sessions: count,
    rssBeforeBytes: before,
    rssAfterBytes: after,
    bytesPerSession: Math.max(0, (after - before) / count),
  };
}
