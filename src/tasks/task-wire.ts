import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import type { TaskRecord } from './task.types.js';

/**
 * The `Task` object of SEP-2663 (§Tasks): timestamps as ISO 8601 strings, durations in integer
 * milliseconds under their `…Ms` names. Never `requestState` (not part of the tasks wire).
 */
export function taskOf(task: TaskRecord): JsonObject {
  const wire: JsonObject = {
    taskId: task.id,
    status: task.status,
    createdAt: task.createdAt.toISOString(),
    lastUpdatedAt: task.updatedAt.toISOString(),
    ttlMs: task.ttlMs,
  };
  if (task.statusMessage !== undefined) wire.statusMessage = task.statusMessage;
  if (task.pollIntervalMs !== undefined) wire.pollIntervalMs = task.pollIntervalMs;
  return wire;
}

/** `CreateTaskResult`: the flat `Result & Task` with `resultType: "task"` (§Task Creation). */
export function createTaskResultOf(task: TaskRecord): JsonObject {
  return { ...taskOf(task), resultType: 'task' };
}

/**
 * `DetailedTask` for `tasks/get` (§Task Polling): the open `inputRequests` while
 * `input_required`, the inlined `result` once completed, the JSON-RPC `error` once failed.
 */
export function detailedTaskOf(task: TaskRecord): JsonObject {
  const wire = taskOf(task);
  if (task.status === 'input_required') wire.inputRequests = task.inputRequests ?? {};
  else if (task.status === 'completed' && task.result !== undefined) wire.result = task.result;
  else if (task.status === 'failed' && task.error !== undefined) wire.error = { ...task.error };
  return wire;
}
