import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { Repository } from 'typeorm';

import { pgPoolOf } from '../persistence/pg-pool.js';
import { escapeNul, toJsonb } from '../persistence/postgres-text.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { ToolCallResultEntity, type ToolCallResultState } from './tool-call-result.entity.js';

/** One call under an idempotency key: who, which key, and what it asked. */
export interface KeyedCall {
  /** JSON array `[subject, tenant]` ({@link principalKeyOf}). */
  readonly principalKey: string;
  readonly key: string;
  readonly tool: string;
  readonly argumentsSha256: string;
}

export interface StoredCall {
  readonly tool: string;
  readonly argumentsSha256: string;
  readonly state: ToolCallResultState;
  readonly result: JsonObject | null;
}

/**
 * Only calls that carry a key reach these statements, one pooled round trip each (the
 * repository's query runner costs more, README "Design"); expired rows are deleted by the
 * retention job (docs/data-lifecycle.md).
 * `claim` takes a free key, or one whose row expired (a completed result past its retention, or
 * a `running` lease whose instance died).
 */
const SQL = {
  claim: `INSERT INTO tool_call_results
      (principal_key, idempotency_key, tool, arguments_sha256, state, expires_at)
    VALUES ($1, $2, $3, $4, 'running', now() + $5 * interval '1 millisecond')
    ON CONFLICT (principal_key, idempotency_key) DO UPDATE SET
      tool = EXCLUDED.tool, arguments_sha256 = EXCLUDED.arguments_sha256, state = 'running',
      result = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
    WHERE tool_call_results.expires_at <= now()
    RETURNING 1`,
  find: `SELECT tool, arguments_sha256, state, result FROM tool_call_results
    WHERE principal_key = $1 AND idempotency_key = $2 AND expires_at > now()`,
  complete: `UPDATE tool_call_results SET state = 'completed', result = $3,
      expires_at = now() + $4 * interval '1 millisecond'
    WHERE principal_key = $1 AND idempotency_key = $2 AND state = 'running'`,
  release: `DELETE FROM tool_call_results
    WHERE principal_key = $1 AND idempotency_key = $2 AND state = 'running'`,
} as const;

/** `tool_call_results` (docs/approvals.md "Idempotent retries"). */
@Injectable()
export class ToolCallResultsStore {
  constructor(
    @InjectRepository(ToolCallResultEntity)
    private readonly rows: Repository<ToolCallResultEntity>,
  ) {}

  private get pool(): Pool {
    return pgPoolOf(this.rows.manager.dataSource);
  }

  /** True when this call now owns the key (`running` for `leaseMs`). */
  async claim(call: KeyedCall, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(SQL.claim, [
      escapeNul(call.principalKey),
      escapeNul(call.key),
      escapeNul(call.tool),
      call.argumentsSha256,
      leaseMs,
    ]);
    return rowCount === 1;
  }

  async find(call: KeyedCall): Promise<StoredCall | undefined> {
    const { rows } = await this.pool.query<{
      tool: string;
      arguments_sha256: string;
      state: ToolCallResultState;
      result: JsonObject | null;
    }>(SQL.find, [escapeNul(call.principalKey), escapeNul(call.key)]);
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      tool: row.tool,
      argumentsSha256: row.arguments_sha256,
      state: row.state,
      result: row.result,
    };
  }

  async complete(call: KeyedCall, result: JsonObject, retentionMs: number): Promise<void> {
    await this.pool.query(SQL.complete, [
      escapeNul(call.principalKey),
      escapeNul(call.key),
      toJsonb(result),
      retentionMs,
    ]);
  }

  async release(call: KeyedCall): Promise<void> {
    await this.pool.query(SQL.release, [escapeNul(call.principalKey), escapeNul(call.key)]);
  }
}
