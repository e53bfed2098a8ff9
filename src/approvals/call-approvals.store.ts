import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { type EntityManager, type QueryResult, Repository } from 'typeorm';

import { adminChangeRow } from '../audit/admin-change.row.js';
import { appendToAuditChainIn } from '../audit/audit-chain.writer.js';
import { pgPoolOf } from '../persistence/pg-pool.js';
import { escapeNul, escapeNulOrNull, toJsonb } from '../persistence/postgres-text.js';
import type { Principal } from '../protocol/context/principal.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { systemApprovalChangeRow } from './approval-audit.rows.js';
import { CallApprovalEntity } from './call-approval.entity.js';
import {
  APPROVAL_COLUMNS,
  auditViewOf,
  type CallApprovalRow,
  recordOf,
} from './call-approval.rows.js';
import type {
  ApprovalDecision,
  ApprovalQueue,
  CallApprovalRecord,
  DecisionRefusal,
  NewCallApproval,
} from './call-approval.types.js';

/**
 * One statement each on the pool for what a `tools/call` and the executor do; decisions and
 * expiries are TypeORM transactions that append their audit rows on the transaction's query
 * runner before they commit (docs/architecture.md "The audit contract": changes are audited
 * inside their transaction). Raw text where the query builder cannot say it: `FOR UPDATE` reads
 * and `UPDATE … RETURNING` of every column in the names the records are built from.
 */
const SQL = {
  create: `INSERT INTO call_approvals (id, tool, tool_version, definition_sha256, arguments,
      arguments_sha256, principal_key, requester_subject, requester_tenant, requester_client,
      requester_roles, requester_scopes, transport, protocol_version, session_id, idempotency_key,
      status, expires_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'pending',
      now() + $17 * interval '1 millisecond')
    ON CONFLICT (principal_key, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
    RETURNING ${APPROVAL_COLUMNS}`,
  find: `SELECT ${APPROVAL_COLUMNS} FROM call_approvals WHERE id = $1`,
  findByKey: `SELECT ${APPROVAL_COLUMNS} FROM call_approvals
    WHERE principal_key = $1 AND idempotency_key = $2`,
  lock: `SELECT ${APPROVAL_COLUMNS} FROM call_approvals WHERE id = $1 FOR UPDATE`,
  decide: `UPDATE call_approvals SET status = $2, decided_by = $3, decision_reason = $4,
      decided_at = now()
    WHERE id = $1 RETURNING ${APPROVAL_COLUMNS}`,
  claim: `UPDATE call_approvals SET executed_at = now()
    WHERE id = $1 AND status = 'approved' AND executed_at IS NULL RETURNING ${APPROVAL_COLUMNS}`,
  finish: `UPDATE call_approvals SET status = $2, result = $3
    WHERE id = $1 AND status = 'approved'`,
  unclaimed: `SELECT id FROM call_approvals WHERE status = 'approved' AND executed_at IS NULL
    ORDER BY decided_at LIMIT 100`,
  expire: `UPDATE call_approvals SET status = 'expired', decided_at = now()
    WHERE status = 'pending' AND expires_at <= now() RETURNING ${APPROVAL_COLUMNS}`,
  // What waits for an approver now; the partial index IDX_call_approvals_open covers it.
  queue: `SELECT count(*)::int AS pending,
      coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest_seconds
    FROM call_approvals WHERE status = 'pending' AND expires_at > now()`,
  // Claimed by an instance that stopped before recording the outcome: the call may have run.
  interrupt: `UPDATE call_approvals SET status = 'failed', result = $1
    WHERE status = 'approved' AND executed_at < now() - $2 * interval '1 millisecond'
    RETURNING ${APPROVAL_COLUMNS}`,
} as const;

/** `call_approvals` (docs/approvals.md "Call approvals"). */
@Injectable()
export class CallApprovalsStore {
  constructor(
    @InjectRepository(CallApprovalEntity)
    private readonly rows: Repository<CallApprovalEntity>,
  ) {}

  /** The entity's repository, for the admin list. */
  get repository(): Repository<CallApprovalEntity> {
    return this.rows;
  }

  private get pool(): Pool {
    return pgPoolOf(this.rows.manager.dataSource);
  }

  /**
   * Queues a call as `pending` for `ttlMs`. With an idempotency key already queued by the same
   * principal, nothing is inserted and the existing approval is returned instead.
   */
  async create(approval: NewCallApproval, ttlMs: number): Promise<CallApprovalRecord> {
    const { requester } = approval;
    const { rows } = await this.pool.query<CallApprovalRow>(SQL.create, [
      randomUUID(),
      escapeNul(approval.tool),
      escapeNul(approval.toolVersion),
      approval.definitionSha256,
      toJsonb(approval.arguments),
      approval.argumentsSha256,
      escapeNul(approval.principalKey),
      escapeNul(requester.subject),
      escapeNulOrNull(requester.tenant ?? undefined),
      escapeNulOrNull(requester.clientId ?? undefined),
      toJsonb(requester.roles),
      toJsonb(requester.scopes),
      requester.transport,
      requester.protocolVersion,
      escapeNulOrNull(requester.sessionId ?? undefined),
      approval.idempotencyKey,
      ttlMs,
    ]);
    const row = rows[0];
    if (row !== undefined) return recordOf(row);
    const existing = await this.findByKey(approval.principalKey, approval.idempotencyKey ?? '');
    if (existing === undefined) throw new Error('approval vanished between INSERT and SELECT');
    return existing;
  }

  async find(id: string): Promise<CallApprovalRecord | undefined> {
    const { rows } = await this.pool.query<CallApprovalRow>(SQL.find, [id]);
    return rows[0] === undefined ? undefined : recordOf(rows[0]);
  }

  async findByKey(principalKey: string, key: string): Promise<CallApprovalRecord | undefined> {
    const { rows } = await this.pool.query<CallApprovalRow>(SQL.findByKey, [
      escapeNul(principalKey),
      key,
    ]);
    return rows[0] === undefined ? undefined : recordOf(rows[0]);
  }

  /**
   * Records an approver's decision on a pending, unexpired approval with its `admin.change`
   * audit row, in one transaction; or says why not, changing nothing. Nobody approves their own
   * call (same subject and tenant).
   */
  decide(
    approver: Principal,
    decision: ApprovalDecision,
  ): Promise<CallApprovalRecord | DecisionRefusal> {
    return this.rows.manager.transaction(async (manager) => {
      const locked = await lockedApproval(manager, decision.id);
      if (locked === undefined) return 'unknown';
      const { requester } = locked;
      const own =
        requester.subject === approver.subject && requester.tenant === (approver.tenant ?? null);
      if (decision.verdict === 'approved' && own) return 'own_call';
      if (locked.status !== 'pending' || locked.expiresAt.getTime() <= Date.now()) {
        return 'not_pending';
      }
      const [row] = await rowsOf(manager, SQL.decide, [
        decision.id,
        decision.verdict,
        escapeNul(approver.subject),
        escapeNulOrNull(decision.reason ?? undefined),
      ]);
      const after = recordOf(row as CallApprovalRow);
      const action = decision.verdict === 'approved' ? 'approve' : 'reject';
      await appendToAuditChainIn(manager, [
        adminChangeRow(
          approver,
          `call_approval.${action}`,
          decision.id,
          auditViewOf(locked),
          auditViewOf(after),
        ),
      ]);
      return after;
    });
  }

  /** Takes an approved call to run it; `undefined` when another instance took it first. */
  async claim(id: string): Promise<CallApprovalRecord | undefined> {
    const { rows } = await this.pool.query<CallApprovalRow>(SQL.claim, [id]);
    return rows[0] === undefined ? undefined : recordOf(rows[0]);
  }

  async finish(id: string, status: 'executed' | 'failed', result: JsonObject): Promise<void> {
    await this.pool.query(SQL.finish, [id, status, toJsonb(result)]);
  }

  /** How many calls wait for an approver, and for how long the oldest has waited. */
  async pendingQueue(): Promise<ApprovalQueue> {
    const { rows } = await this.pool.query<{ pending: number; oldest_seconds: number }>(SQL.queue);
    const row = rows[0];
    return { pending: row?.pending ?? 0, oldestSeconds: row?.oldest_seconds ?? 0 };
  }

  async unclaimedApproved(): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(SQL.unclaimed);
    return rows.map((row) => row.id);
  }

  /**
   * Expires the pending approvals past their time, and fails the approved calls claimed more
   * than `interruptedAfterMs` ago by an instance that never recorded their outcome; each with a
   * `registry.change` audit row. Returns the ids settled.
   */
  settleOverdue(interruptedAfterMs: number, interrupted: JsonObject): Promise<string[]> {
    return this.rows.manager.transaction(async (manager) => {
      const expired = await rowsOf(manager, SQL.expire, []);
      const failed = await rowsOf(manager, SQL.interrupt, [
        toJsonb(interrupted),
        interruptedAfterMs,
      ]);
      const settled = [
        ...expired.map((row) => ({ row, action: 'call_approval.expire' })),
        ...failed.map((row) => ({ row, action: 'call_approval.interrupt' })),
      ];
      if (settled.length === 0) return [];
      await appendToAuditChainIn(
        manager,
        settled.map(({ row, action }) =>
          systemApprovalChangeRow(action, auditViewOf(recordOf(row))),
        ),
      );
      return settled.map(({ row }) => row.id);
    });
  }
}

async function lockedApproval(
  manager: EntityManager,
  id: string,
): Promise<CallApprovalRecord | undefined> {
  const [row] = await rowsOf(manager, SQL.lock, [id]);
  return row === undefined ? undefined : recordOf(row);
}

/** The rows a statement returned, on the transaction's query runner (RETURNING included). */
async function rowsOf(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<CallApprovalRow[]> {
  const runner = manager.queryRunner;
  if (runner === undefined) throw new Error('approval statements run inside a transaction');
  const result = (await runner.query(sql, parameters, true)) as QueryResult<CallApprovalRow>;
  return result.records;
}
