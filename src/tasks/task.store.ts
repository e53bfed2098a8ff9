import type { JsonObject, JsonRpcErrorObject } from '../protocol/json-rpc/json-rpc.types.js';
import type { NewTask, TaskOutcome, TaskRecord } from './task.types.js';

/**
 * Durable tasks (`tasks`), so any instance can answer for any task. Every read and change is
 * scoped to the subject that created the task: another subject's task, an expired one and an
 * unknown id are all `undefined` alike. Terminal tasks never change. Abstract class = DI token.
 */
export abstract class TaskStore {
  /** Resolves once the row is committed: only then may `CreateTaskResult` go out (SEP-2663). */
  abstract create(task: NewTask): Promise<TaskRecord>;

  abstract find(id: string, subject: string): Promise<TaskRecord | undefined>;

  /** Parks a working task on new questions (`input_required`); `false` when it is terminal. */
  abstract askInput(id: string, inputRequests: JsonObject): Promise<boolean>;

  /**
   * Records answers to open questions; unknown keys are ignored. The answered questions leave
   * `inputRequests`, and the task is `working` again once none is left. `undefined` when the
   * task does not exist for `subject`.
   */
  abstract answerInput(
    id: string,
    subject: string,
    responses: JsonObject,
  ): Promise<TaskRecord | undefined>;

  /** Ends a task that is not terminal yet; `false` when it already was (or does not exist). */
  abstract finish(id: string, outcome: TaskOutcome): Promise<boolean>;

  /** Extends, to `leaseMs` from now, the leases of the open tasks among `ids`. */
  abstract renewLeases(ids: readonly string[], leaseMs: number): Promise<void>;

  /** Fails the open tasks among `ids` with `error` (a shutdown stopping them); returns how many. */
  abstract failOpen(ids: readonly string[], error: JsonRpcErrorObject): Promise<number>;

  /**
   * Fails every open task whose lease has run out (the instance running it stopped renewing it)
   * with `error`; returns how many.
   */
  abstract failAbandoned(error: JsonRpcErrorObject): Promise<number>;
}
