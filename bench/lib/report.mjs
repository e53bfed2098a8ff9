/** Mean of the rounds of one cell; failures are summed (any failure is a finding). */
export function combineRounds(rounds) {
  const mean = (key) => rounds.reduce((sum, round) => sum + round[key], 0) / rounds.length;
  // A per-call figure over the rounds that measured it: a round that got no answer in its window
  // (a stalled server) has no latency or CPU per call, and its 0 calls/s is already in the rate.
  const meanIfMeasured = (key) => {
    const measured = rounds.filter((round) => round[key] !== undefined);
    if (measured.length === 0) return undefined;
    return measured.reduce((sum, round) => sum + round[key], 0) / measured.length;
  };
  return {
    rps: mean('rps'),
    p50: meanIfMeasured('p50'),
    p99: meanIfMeasured('p99'),
    serverCpuUs: meanIfMeasured('serverCpuUs'),
    databaseCpuUs: meanIfMeasured('databaseCpuUs'),
    upstreamCpuUs: meanIfMeasured('upstreamCpuUs'),
    auditRowsPerSecond: meanIfMeasured('auditRowsPerSecond'),
    auditRowsPerCall: meanIfMeasured('auditRowsPerCall'),
    rssBytes: Math.max(...rounds.map((round) => round.rssBytes ?? 0)),
    failed: rounds.reduce((sum, round) => sum + round.failed, 0),
    unit: rounds[0].unit,
    rounds,
  };
}

export const fmt = (value, digits = 0) =>
  value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);
const ratio = (value, base) =>
  base === undefined || base.rps === 0 ? '—' : `${fmt(value / base.rps, 2)}×`;

/**
 * CPU per call (or client): the server's, plus a local Postgres's when measured, plus the
 * upstream's for a federated call ("—" for Postgres when it is PGlite, inside the server).
 */
export function cpu({ serverCpuUs, databaseCpuUs, upstreamCpuUs }) {
  if (upstreamCpuUs !== undefined) {
    return `${fmt(serverCpuUs)} + ${fmt(databaseCpuUs)} + ${fmt(upstreamCpuUs)}`;
  }
  if (databaseCpuUs !== undefined) return `${fmt(serverCpuUs)} + ${fmt(databaseCpuUs)}`;
  return fmt(serverCpuUs);
}

/** Markdown table: one row per cell and server, ratios against raw node:http and SDK v2 stateful. */
export function renderTable(cells, idle) {
  const lines = [
    '| cell | server | rate | p50 ms | p99 ms | RSS MB | CPU µs per unit (server + Postgres [+ upstream]) | × raw | × SDK v2 stateful | failed |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const cell of cells) {
    for (const [key, figures] of Object.entries(cell.servers)) {
      if (figures.skipped !== undefined) {
        lines.push(
          `| ${cell.name} | ${cell.names[key]} | skipped: ${figures.skipped} | | | | | | | |`,
        );
        continue;
      }
      lines.push(
        `| ${cell.name} | ${cell.names[key]} | ${fmt(figures.rps)} ${figures.unit} | ${fmt(figures.p50, 2)} | ` +
          `${fmt(figures.p99, 2)} | ${fmt(figures.rssBytes / 1048576, 0)} | ${cpu(figures)} | ` +
          `${ratio(figures.rps, cell.servers.raw)} | ` +
          `${ratio(figures.rps, cell.servers['sdk-stateful'])} | ${figures.failed} |`,
      );
    }
  }
  if (idle.length > 0) {
    lines.push(
      '',
      '| idle sessions with an open GET stream | sessions | RSS before MB | RSS after MB | KB per session |',
    );
    lines.push('|---|---:|---:|---:|---:|');
    for (const row of idle) {
      lines.push(
        `| ${row.name} | ${row.sessions} | ${fmt(row.rssBeforeBytes / 1048576, 1)} | ` +
          `${fmt(row.rssAfterBytes / 1048576, 1)} | ${fmt(row.bytesPerSession / 1024, 1)} |`,
      );
    }
  }
  return lines.join('\n');
}

/** One table row for the audit writer alone (bench/lib/audit-cell.mjs). */
export function renderAudit(audit, { callers, durationSec }) {
  return [
    `| audit writer alone (${callers} callers, ${durationSec} s) | calls/s | rows/s | rows per statement | rows lost | outcome rows dropped | chain verifies |`,
    '|---|---:|---:|---:|---:|---:|---|',
    `| PostgresAuditLog | ${fmt(audit.callsPerSecond)} | ${fmt(audit.rowsPerSecond)} | ${fmt(audit.rowsPerStatement, 1)} | ` +
      `${audit.lost} | ${audit.droppedFinishedRows} | ${audit.chainOk ? 'yes' : 'NO'} |`,
  ].join('\n');
}
