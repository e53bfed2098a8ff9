import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { type FindOptionsWhere, In, Raw, Repository } from 'typeorm';

import type { JsonObject, JsonRpcErrorObject } from '../protocol/json-rpc/json-rpc.types.js';
import { pgPoolOf } from '../persistence/pg-pool.js';
import { escapeNul, toJsonb } from '../persistence/postgres-text.js';
import { TaskEntity } from './task.entity.js';
import { TaskStore } from './task.store.js';
import type { NewTask, TaskOutcome, TaskRecord, TaskStatus } from './task.types.js';

interface TaskRow {
  id: string;
  subject: string;
  tool: string;
  status: TaskStatus;
  status_message: string | null;
  request: JsonObject;
  result: JsonObject | null;
  error: JsonRpcErrorObject | null;
  input_requests: JsonObject | null;
  input_responses: JsonObject | null;
  created_at: Date;
  updated_at: Date;
  ttl_ms: number | null;
  poll_interval_ms: number | null;
}

const COLUMNS = `id, subject, tool, status, status_message, request, result, error, input_requests,
  input_responses, created_at, updated_at, ttl_ms, poll_interval_ms`;
const LIVE = `(ttl_ms IS NULL OR created_at + ttl_ms * interval '1 millisecond' > now())`;
const OPEN = `status IN ('working', 'input_required')`;
const OPEN_STATUSES: TaskStatus[] = ['working', 'input_required'];
/**
 * A task that ended and whose TTL passed: nobody can read it any more, so the retention job
 * deletes it (docs/data-lifecycle.md). An open task past its TTL is left to the lease sweep,
 * which fails it first.
 */
export const FINISHED_EXPIRED_TASK = `NOT ${OPEN} AND NOT ${LIVE}`;

/**
 * The request path (`tools/call` as a task, `tasks/get`, `tasks/update`, a task's end) stays raw,
 * one statement on the pool each: TypeORM's repository costs ~2× the CPU of a pool query (README
 * "Design"), and the jsonb merges of `tasks/update` are beyond its query builder.
 */
const SQL = {
  create: `INSERT INTO tasks (id, subject, tool, status, request, ttl_ms, poll_interval_ms,
      lease_expires_at)
    VALUES ($1, $2, $3, 'working', $4, $5, $6, now() + $7 * interval '1 millisecond')
    RETURNING ${COLUMNS}`,
  find: `SELECT ${COLUMNS} FROM tasks WHERE id = $1 AND subject = $2 AND ${LIVE}`,
  askInput: `UPDATE tasks SET status = 'input_required',
      input_requests = coalesce(input_requests, '{}'::jsonb) || $2, updated_at = now()
    WHERE id = $1 AND ${OPEN}`,
  // Only keys of open questions count; the task works again when no question is left.
  answerInput: `UPDATE tasks SET
      input_responses = coalesce(input_responses, '{}'::jsonb) || (
        SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb) FROM jsonb_each($3::jsonb)
        WHERE input_requests ? key),
      input_requests = input_requests - ARRAY(SELECT jsonb_object_keys($3::jsonb)),
      status = CASE WHEN status = 'input_required'
        AND (input_requests - ARRAY(SELECT jsonb_object_keys($3::jsonb))) = '{}'::jsonb
        THEN 'working' ELSE status END,
      updated_at = now()
    WHERE id = $1 AND subject = $2 AND ${LIVE}
    RETURNING ${COLUMNS}`,
  finish: `UPDATE tasks SET status = $2, result = $3, error = $4,
      status_message = coalesce($5, status_message), input_requests = NULL, updated_at = now()
    WHERE id = $1 AND ${OPEN}`,
} as const;

/**
 * {@link TaskStore} on `tasks`, one statement per call (each change is a single UPDATE). The
 * upkeep that runs every few seconds or at shutdown (leases) goes through the entity's
 * repository.
 */
@Injectable()
export class PostgresTaskStore extends TaskStore {
  constructor(@InjectRepository(TaskEntity) private readonly tasks: Repository<TaskEntity>) {
    super();
  }

  private get pool(): Pool {
    return pgPoolOf(this.tasks.manager.dataSource);
  }

  async create(task: NewTask): Promise<TaskRecord> {
    const { rows } = await this.pool.query<TaskRow>(SQL.create, [
      task.id,
      escapeNul(task.subject),
      escapeNul(task.tool),
      toJsonb(task.request),
      task.ttlMs,
      task.pollIntervalMs,
      task.leaseMs,
    ]);
    return recordOf(onlyRow(rows));
  }

  async find(id: string, subject: string): Promise<TaskRecord | undefined> {
    const { rows } = await this.pool.query<TaskRow>(SQL.find, [escapeNul(id), escapeNul(subject)]);
    return rows[0] === undefined ? undefined : recordOf(rows[0]);
  }

  async askInput(id: string, inputRequests: JsonObject): Promise<boolean> {
    const result = await this.pool.query(SQL.askInput, [id, toJsonb(inputRequests)]);
    return result.rowCount === 1;
  }

  async answerInput(
    id: string,
    subject: string,
    responses: JsonObject,
  ): Promise<TaskRecord | undefined> {
    const { rows } = await this.pool.query<TaskRow>(SQL.answerInput, [
      escapeNul(id),
      escapeNul(subject),
      toJsonb(responses),
    ]);
    return rows[0] === undefined ? undefined : recordOf(rows[0]);
  }

  async finish(id: string, outcome: TaskOutcome): Promise<boolean> {
    const result = await this.pool.query(SQL.finish, [
      id,
      outcome.status,
      outcome.status === 'completed' ? toJsonb(outcome.result) : null,
      outcome.status === 'failed' ? toJsonb(outcome.error) : null,
      outcome.status === 'cancelled' ? (outcome.statusMessage ?? null) : null,
    ]);
    return result.rowCount === 1;
  }

  async renewLeases(ids: readonly string[], leaseMs: number): Promise<void> {
    if (ids.length === 0) return;
    await this.tasks
      .createQueryBuilder()
      .update()
      .set({ leaseExpiresAt: () => "now() + :leaseMs * interval '1 millisecond'" })
      .where({ id: In(ids), status: In(OPEN_STATUSES) })
      .setParameter('leaseMs', leaseMs)
      .execute();
  }

  async failOpen(ids: readonly string[], error: JsonRpcErrorObject): Promise<number> {
    if (ids.length === 0) return 0;
    return this.failOpenWhere({ id: In(ids) }, error);
  }

  async failAbandoned(error: JsonRpcErrorObject): Promise<number> {
    return this.failOpenWhere({ leaseExpiresAt: Raw((column) => `${column} < now()`) }, error);
  }

  private async failOpenWhere(
    where: FindOptionsWhere<TaskEntity>,
    error: JsonRpcErrorObject,
  ): Promise<number> {
    const result = await this.tasks
      .createQueryBuilder()
      .update()
      .set({
        status: 'failed',
        error: () => ':error',
        inputRequests: null,
        updatedAt: () => 'now()',
      })
      .where({ ...where, status: In(OPEN_STATUSES) })
      .setParameter('error', toJsonb(error))
      .execute();
    return result.affected ?? 0;
  }
}

function onlyRow(rows: readonly TaskRow[]): TaskRow {
  const [row] = rows;
  if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
  return row;
}

function recordOf(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    subject: row.subject,
    tool: row.tool,
    status: row.status,
    statusMessage: row.status_message ?? undefined,
    request: row.request,
    result: row.result ?? undefined,
    error: row.error ?? undefined,
    inputRequests: row.input_requests ?? undefined,
    inputResponses: row.input_responses ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ttlMs: row.ttl_ms,
    pollIntervalMs: row.poll_interval_ms ?? undefined,
  };
}
