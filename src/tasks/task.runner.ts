import { randomBytes } from 'node:crypto';

import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { ChangeBus, type ChangeEvent } from '../events/change-bus.js';
import type { RegisteredTool } from '../protocol/capabilities/registered-capability.types.js';
import { DispatchCall } from '../mcp/dispatcher/dispatch-call.js';
import { ToolCallRunner } from '../mcp/dispatcher/tool-call.runner.js';
import { internalErrorObject } from '../protocol/json-rpc/json-rpc-responses.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc/json-rpc-error-codes.js';
import type {
  JsonObject,
  JsonRpcErrorObject,
  JsonRpcRequest,
} from '../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../protocol/json-rpc/mcp-error.js';
import { NULL_SINK } from '../protocol/context/message-sink.js';
import type { RequestContext } from '../protocol/context/request-context.js';
import { InputWaiters, TaskInputRequester } from './task-input.requester.js';
import { TaskStore } from './task.store.js';
import type { TaskRecord } from './task.types.js';
import {
  TASK_LEASE_MS,
  TASK_LEASE_RENEW_MS,
  TASK_POLL_INTERVAL_MS,
  TASK_TTL_MS,
} from './tasks.constants.js';

/** ChangeBus channels: answers arrived (`tasks/update`), a cancel was asked (`tasks/cancel`). */
export const TASK_INPUT_CHANNEL = 'tasks.input';
export const TASK_CANCEL_CHANNEL = 'tasks.cancel';

/** Abort reason of a task cancelled by `tasks/cancel`, or stopped by this instance's shutdown. */
class TaskCancelledError extends Error {
  constructor() {
    super('task cancelled');
    this.name = 'TaskCancelledError';
  }
}

/**
 * The error of a task whose instance stopped before it finished: shut down (recorded then) or
 * gone without a word (recorded by another instance once the lease ran out). The tool may have
 * done part of its work; the client decides whether to start it again.
 */
export const TASK_INTERRUPTED: JsonRpcErrorObject = Object.freeze({
  code: JsonRpcErrorCode.InternalError,
  message: 'Task interrupted: the server instance running it stopped before it finished',
});

interface RunningTask {
  readonly controller: AbortController;
  readonly waiters: InputWaiters;
}

/**
 * Runs `tools/call` as durable tasks (SEP-2663): the row is committed before the
 * `CreateTaskResult` leaves, then the tool runs in the background on this instance — through
 * the same runner as any call (validation, audit before start, timeout, output checks) — and
 * its outcome is written to the row, so any instance can answer `tasks/get`. Answers and
 * cancellations reach the running instance through the change bus. While a task runs, this
 * instance renews its lease; every instance fails the open tasks whose lease ran out, and a
 * shutdown fails the tasks it stops, so no task reads `working` after its instance is gone.
 */
@Injectable()
export class TaskRunner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TaskRunner.name);
  private readonly running = new Map<string, RunningTask>();
  private unsubscribe: (() => void) | undefined;
  private leaseKeeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: TaskStore,
    private readonly runner: ToolCallRunner,
    private readonly bus: ChangeBus,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((event) => this.receive(event));
    this.leaseKeeper = setInterval(() => void this.keepLeases(), TASK_LEASE_RENEW_MS).unref();
  }

  /** Shutdown: the tasks still running here are recorded as interrupted, then stopped. */
  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    clearInterval(this.leaseKeeper);
    const stopping = [...this.running];
    // One statement for all of them: the shutdown's grace period is short.
    await this.store
      .failOpen(
        stopping.map(([id]) => id),
        TASK_INTERRUPTED,
      )
      .catch((error: unknown) => {
        this.logger.warn(`recording the interruption of running tasks failed: ${String(error)}`);
      });
    for (const [, task] of stopping) task.controller.abort(new TaskCancelledError());
  }

  /**
   * Renews the leases of the tasks running here, then fails the open tasks whose lease ran out
   * on any instance. Runs every {@link TASK_LEASE_RENEW_MS}; public for tests.
   */
  async keepLeases(): Promise<void> {
    try {
      await this.store.renewLeases([...this.running.keys()], TASK_LEASE_MS);
      const abandoned = await this.store.failAbandoned(TASK_INTERRUPTED);
      if (abandoned > 0) {
        this.logger.warn(`${abandoned} task(s) failed: the instance running them stopped`);
      }
    } catch (error) {
      this.logger.warn(`task leases: ${String(error)}`);
    }
  }

  /**
   * Creates the task and starts the tool; resolves with the task once its row is committed.
   * `earlierAnswers`: client input gathered by MRTR before the task existed.
   */
  async start(
    tool: RegisteredTool,
    args: JsonObject,
    call: DispatchCall,
    earlierAnswers: JsonObject,
  ): Promise<TaskRecord> {
    const { ctx } = call;
    const params: JsonObject = { name: tool.definition.name, arguments: args };
    const task = await this.store.create({
      // 128 random bits: task ids are bearer-like handles (SEP-2663 §Security Considerations).
      id: randomBytes(16).toString('base64url'),
      subject: ctx.principal.subject,
      tool: tool.definition.name,
      request: params,
      ttlMs: TASK_TTL_MS,
      pollIntervalMs: TASK_POLL_INTERVAL_MS,
      leaseMs: TASK_LEASE_MS,
    });
    const running: RunningTask = { controller: new AbortController(), waiters: new InputWaiters() };
    this.running.set(task.id, running);
    // The call's own params: its `_meta` may carry an idempotency key (docs/approvals.md).
    const request: JsonRpcRequest = {
      jsonrpc: '2.0',
      id: call.request.id,
      method: 'tools/call',
      params: call.params,
    };
    // Progress and log notifications are not sent for tasks (SEP-2663 §Task Status
    // Notifications); the task outlives the request's stream, so it gets its own signal.
    const taskCtx: RequestContext = { ...ctx, sink: NULL_SINK, signal: running.controller.signal };
    const requester = new TaskInputRequester(
      this.store,
      task.id,
      task.subject,
      earlierAnswers,
      running.waiters,
    );
    const taskCall = new DispatchCall(request, taskCtx, requester);
    taskCall.runsAsTask = true;
    void this.execute(task.id, tool, args, taskCall);
    return task;
  }

  /** Ends the task as `cancelled` (if it was not terminal) and aborts it where it runs. */
  async cancel(task: TaskRecord): Promise<void> {
    if (!(await this.store.finish(task.id, { status: 'cancelled' }))) return;
    await this.bus.publish(TASK_CANCEL_CHANNEL, { id: task.id });
  }

  /** Answers were recorded: the handler waiting for them (on whichever instance) re-reads. */
  async answered(task: TaskRecord): Promise<void> {
    await this.bus.publish(TASK_INPUT_CHANNEL, { id: task.id });
  }

  private async execute(
    id: string,
    tool: RegisteredTool,
    args: JsonObject,
    call: DispatchCall,
  ): Promise<void> {
    try {
      const result = await this.runner.run(tool, args, call);
      await this.store.finish(id, {
        status: 'completed',
        result: { ...result, resultType: 'complete' },
      });
    } catch (error) {
      await this.failed(id, call, error);
    } finally {
      call.finish();
      this.running.delete(id);
    }
  }

  /**
   * A JSON-RPC error of the call makes the task `failed` with that error (SEP-2663 §Task
   * Execution Errors); anything else is masked like any internal error. A cancelled task
   * already holds its status.
   */
  private async failed(id: string, call: DispatchCall, error: unknown): Promise<void> {
    if (call.ctx.signal?.aborted === true) return;
    if (!(error instanceof McpError)) {
      this.logger.error(
        `task ${id} failed [correlationId=${call.ctx.correlationId}]`,
        error instanceof Error ? error.stack : String(error),
      );
    }
    const rpcError =
      error instanceof McpError
        ? error.toJsonRpcError()
        : internalErrorObject(call.ctx.correlationId);
    try {
      await this.store.finish(id, { status: 'failed', error: rpcError });
    } catch (cause) {
      this.logger.error(`task ${id}: recording its failure failed`, String(cause));
    }
  }

  private receive(event: ChangeEvent): void {
    const id = event.payload.id;
    if (typeof id !== 'string') return;
    const task = this.running.get(id);
    if (task === undefined) return;
    if (event.channel === TASK_INPUT_CHANNEL) task.waiters.wake();
    else if (event.channel === TASK_CANCEL_CHANNEL) task.controller.abort(new TaskCancelledError());
  }
}
