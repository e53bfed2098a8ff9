import pg from 'pg';

import { steadyCell } from './cells.mjs';
import { pinSelf } from './processes.mjs';
import { combineRounds, fmt } from './report.mjs';
import { startOurServer } from './targets.mjs';

/** Total connections of each scaling cell; two instances get half each. */
const CONNECTIONS = [16, 64];

/**
 * `npm run bench -- --scaling` (README "Performance"): one instance of this server on core 0
 * against two instances on the same Postgres schema, on core 0 and core 1, steady `tools/call`
 * (the echo, one audit row per call: docs/architecture.md "The audit contract"). The load
 * generator is unpinned for these cells, Postgres is never pinned; with two instances it deals
 * the connections out half to each. Audit rows are counted in `audit_log` before and after
 * each window. Needs DATABASE_URL: PGlite admits one process.
 */
export async function scalingBenchmark(root, { timing, rounds }, log) {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl === undefined) {
    throw new Error(
      '--scaling needs DATABASE_URL: its instances share one Postgres, PGlite admits one process',
    );
  }
  const first = await startOurServer(root, { core: 0 });
  let second;
  const counter = new pg.Client({ connectionString: databaseUrl });
  pinSelf('0,1');
  try {
    second = await startOurServer(root, { core: 1, schema: first.schema });
    await counter.connect();
    const auditRows = async () => {
      const { rows } = await counter.query(
        `SELECT count(*)::int AS n FROM "${first.schema}".audit_log`,
      );
      return rows[0].n;
    };
    const setups = [
      { name: 'one instance (core 0)', instances: 1, target: { ...first, auditRows } },
      {
        name: 'two instances (cores 0 and 1)',
        instances: 2,
        target: pairOf(first, second, auditRows),
      },
    ];
    const measured = new Map();
    for (let round = 1; round <= rounds; round++) {
      for (const connections of CONNECTIONS) {
        for (const setup of setups) {
          const figures = await steadyCell(setup.target, connections, timing);
          const key = `${setup.name}, ${connections} conn`;
          measured.set(key, [...(measured.get(key) ?? []), figures]);
          log(
            `round ${round} · scaling · ${key}: ${figures.rps.toFixed(0)} calls/s, p99 ${figures.p99} ms, ` +
              `${fmt(figures.auditRowsPerSecond)} audit rows/s, failed ${figures.failed}`,
          );
        }
      }
    }
    return CONNECTIONS.flatMap((connections) =>
      setups.map((setup) => ({
        setup: setup.name,
        instances: setup.instances,
        connections,
        ...combineRounds(measured.get(`${setup.name}, ${connections} conn`)),
      })),
    );
  } finally {
    pinSelf(1);
    await counter.end().catch(() => undefined);
    await second?.stop();
    await first.stop();
  }
}

/** Two instances as one target: CPU summed, connections dealt out in turn (bench/lib/cells.mjs). */
function pairOf(a, b, auditRows) {
  return {
    name: 'this server × 2',
    key: 'ours-pair',
    parts: [a, b],
    sessions: true,
    databaseCpuSeconds: a.databaseCpuSeconds,
    auditRows,
    process: {
      cpuSeconds: () => {
        const [x, y] = [a.process.cpuSeconds(), b.process.cpuSeconds()];
        return x === undefined || y === undefined ? undefined : x + y;
      },
      rssBytes: () => a.process.rssBytes() + b.process.rssBytes(),
    },
  };
}

/** The scaling rows, and the audit writer alone (rows/s Postgres sustains) for comparison. */
export function renderScaling(rows, audit) {
  const lines = [
    '| scaling: steady tools/call on one Postgres | conn | calls/s | p50 ms | p99 ms | server CPU µs/call (all instances) | Postgres CPU µs/call | audit rows/s | rows per call | failed |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.setup} | ${r.connections} | ${fmt(r.rps)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ` +
        `${fmt(r.serverCpuUs)} | ${fmt(r.databaseCpuUs)} | ${fmt(r.auditRowsPerSecond)} | ` +
        `${fmt(r.auditRowsPerCall, 2)} | ${r.failed} |`,
    ),
  ];
  if (audit !== undefined) {
    lines.push(
      `| audit writer alone (no server, 2 rows per call) | ${audit.callers} callers | ${fmt(audit.callsPerSecond)} | | | | | ${fmt(audit.rowsPerSecond)} | 2 | ${audit.lost} lost |`,
    );
  }
  return lines.join('\n');
}
