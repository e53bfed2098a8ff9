import type { JsonObject, JsonRpcErrorObject } from '../protocol/json-rpc/json-rpc.types.js';

/** The extension's identifier (SEP-2663), under `capabilities.extensions`. */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

export const TASK_STATUSES = [
  'working',
  'input_required',
  'completed',
  'failed',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Terminal statuses never change again (SEP-2663 §Task Status). */
export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set([
  'completed',
  'failed',
  'cancelled',
]);

/** A task as stored (`tasks` row); timestamps are the database's. */
export interface TaskRecord {
  readonly id: string;
  readonly subject: string;
  readonly tool: string;
  readonly status: TaskStatus;
  readonly statusMessage: string | undefined;
  /** The `tools/call` params the task runs (name, arguments). */
  readonly request: JsonObject;
  readonly result: JsonObject | undefined;
  readonly error: JsonRpcErrorObject | undefined;
  /** Open questions while `input_required`, keyed as the client answers them. */
  readonly inputRequests: JsonObject | undefined;
  /** Answers delivered by `tasks/update`, keyed like the questions. */
  readonly inputResponses: JsonObject | undefined;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly ttlMs: number | null;
  readonly pollIntervalMs: number | undefined;
}

export interface NewTask {
  readonly id: string;
  readonly subject: string;
  readonly tool: string;
  readonly request: JsonObject;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  /** The first lease: the runner renews it while the task runs (TaskStore.renewLeases). */
  readonly leaseMs: number;
}

/** How a task ends; `undefined` fields are left as they are. */
export type TaskOutcome =
  | { readonly status: 'completed'; readonly result: JsonObject }
  | { readonly status: 'failed'; readonly error: JsonRpcErrorObject }
  | { readonly status: 'cancelled'; readonly statusMessage?: string };
