import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { runNode } from './processes.mjs';

const dist = (root, path) => import(pathToFileURL(join(root, 'dist/src', path)).href);

/**
 * The audit target (README "Performance": 10k calls/s sustained into Postgres, no row lost):
 * the production `PostgresAuditLog` from `dist/`, driven in this process by `callers` concurrent
 * loops that each do what a tool call does (await the durable "started" row, then queue the
 * outcome row) for `durationSec`. Then it flushes and checks that every call has both rows and
 * that the hash chain verifies. Postgres when DATABASE_URL is set (a private schema, dropped
 * afterwards), PGlite otherwise.
 */
export async function auditCell(root, { callers, durationSec }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mcp-bench-audit-'));
  const schema = `bench_audit_${randomBytes(4).toString('hex')}`;
  const databaseUrl = process.env.DATABASE_URL;
  const env = {
    MCP_DATA_DIR: dataDir,
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl, DB_SCHEMA: schema }),
  };
  runNode(['dist/src/cli/migrate.js'], env, root);
  const { loadConfig } = await dist(root, 'config/app-config.js');
  const { openDatabase } = await dist(root, 'persistence/open-database.js');
  const { pgPoolOf } = await dist(root, 'persistence/pg-pool.js');
  const { PostgresAuditLog } = await dist(root, 'audit/postgres-audit-log.js');
  const { verifyAuditChain } = await dist(root, 'audit/audit-chain.verifier.js');
  const config = loadConfig(env);
  const database = await openDatabase(config.database);
  try {
    const audit = new PostgresAuditLog(database.dataSource, { beforeClose: () => {} }, config);
    const deadline = performance.now() + durationSec * 1000;
    let calls = 0;
    const caller = async (n) => {
      while (performance.now() < deadline) {
        const correlationId = randomUUID();
        await audit.recordStarted(startedEntry(correlationId, n));
        audit.recordFinished({ correlationId, outcome: 'success', durationMs: 0 });
        calls++;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: callers }, (_, n) => caller(n)));
    const seconds = (performance.now() - started) / 1000;
    await audit.flush();
    const pool = pgPoolOf(database.dataSource);
    const { rows } = await pool.query(
      `SELECT count(*) FILTER (WHERE event = 'tool_call.started')::int AS started,
              count(*) FILTER (WHERE event = 'tool_call.finished')::int AS finished
       FROM audit_log WHERE event LIKE 'tool_call.%'`,
    );
    const chain = await verifyAuditChain(database.dataSource);
    const { statements, droppedFinishedRows, failedStatements } = audit.stats;
    return {
      callers,
      callsPerSecond: calls / seconds,
      calls,
      rowsPerSecond: (rows[0].started + rows[0].finished) / seconds,
      rowsPerStatement: (rows[0].started + rows[0].finished) / statements,
      lost: 2 * calls - rows[0].started - rows[0].finished,
      droppedFinishedRows,
      failedStatements,
      chainOk: chain.ok,
    };
  } finally {
    if (databaseUrl !== undefined) {
      await pgPoolOf(database.dataSource).query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function startedEntry(correlationId, n) {
  return {
    correlationId,
    requestId: String(n),
    sessionId: undefined,
    subject: 'bench-agent',
    clientId: 'bench',
    tenant: undefined,
    roles: ['analyst'],
    transport: 'streamable-http',
    toolName: 'echo',
    toolVersion: '1.0.0',
    definitionSha256: 'a'.repeat(64),
    argumentsSha256: 'b'.repeat(64),
    arguments: { text: 'hi' },
  };
}
