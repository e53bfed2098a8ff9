import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { JsonObject, JsonRpcErrorObject } from '../protocol/json-rpc/json-rpc.types.js';
import type { TaskStatus } from './task.types.js';

/**
 * Row of `tasks` (migrations CreateTasks, AddTaskLeases): one durable task. The partial index
 * serves the sweep of abandoned tasks, which only looks at open ones.
 */
@Entity({ name: 'tasks' })
@Check(
  'CHK_tasks_status',
  `status IN ('working', 'input_required', 'completed', 'failed', 'cancelled')`,
)
@Index('IDX_tasks_created_at', ['createdAt'])
@Index('IDX_tasks_open_lease', ['leaseExpiresAt'], {
  where: `status IN ('working', 'input_required')`,
})
export class TaskEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  tool!: string;

  @Column({ type: 'text' })
  status!: TaskStatus;

  @Column({ name: 'status_message', type: 'text', nullable: true })
  statusMessage!: string | null;

  @Column({ type: 'jsonb' })
  request!: JsonObject;

  @Column({ type: 'jsonb', nullable: true })
  result!: JsonObject | null;

  @Column({ type: 'jsonb', nullable: true })
  error!: JsonRpcErrorObject | null;

  @Column({ name: 'input_requests', type: 'jsonb', nullable: true })
  inputRequests!: JsonObject | null;

  @Column({ name: 'input_responses', type: 'jsonb', nullable: true })
  inputResponses!: JsonObject | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ name: 'ttl_ms', type: 'integer', nullable: true })
  ttlMs!: number | null;

  @Column({ name: 'poll_interval_ms', type: 'integer', nullable: true })
  pollIntervalMs!: number | null;

  /** Renewed by the instance running the task; NULL for tasks created before leases existed. */
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt!: Date | null;
}
