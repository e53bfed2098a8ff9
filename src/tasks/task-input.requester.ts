import type { ClientInputMethod } from '../protocol/context/handler-context.js';
import { requiredCapabilityOf } from '../mcp/dispatcher/input-requesters.js';
import { McpToolError } from '../mcp/dispatcher/mcp-tool-error.js';
import type {
  InputRequester,
  RequestHandlerContext,
} from '../mcp/dispatcher/request-handler-context.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import type { TaskStore } from './task.store.js';
import { TERMINAL_STATUSES } from './task.types.js';

/** How long a waiting handler trusts the change bus before it re-reads its task anyway. */
const RECHECK_MS = 1_000;

/** Wakes the handlers of one task that wait for answers (a `tasks/update` arrived). */
export class InputWaiters {
  private readonly wakers = new Set<() => void>();

  wake(): void {
    for (const waker of this.wakers) waker();
  }

  /** Resolves on the next wake, after `RECHECK_MS`, or when `signal` aborts. */
  next(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakers.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, RECHECK_MS);
      this.wakers.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

/**
 * `ctx.requestInput` inside a task (SEP-2663 §Task Update Requests): the question joins the
 * task's `inputRequests` (status `input_required`) and the handler waits until `tasks/update`
 * answers it, on any instance. Answers gathered before the task existed (MRTR, §Task
 * Creation) are served first.
 */
export class TaskInputRequester implements InputRequester {
  constructor(
    private readonly store: TaskStore,
    private readonly taskId: string,
    private readonly subject: string,
    private readonly earlier: JsonObject,
    private readonly waiters: InputWaiters,
  ) {}

  async request(
    context: RequestHandlerContext,
    key: string,
    method: ClientInputMethod,
    params: JsonObject,
  ): Promise<JsonObject> {
    const known = this.earlier[key];
    if (isObject(known)) return known;
    const { ctx } = context.call;
    if (!Object.hasOwn(ctx.clientCapabilities, requiredCapabilityOf(method))) {
      throw new McpToolError(`The client does not support ${method}`);
    }
    const { signal } = context;
    if (!(await this.store.askInput(this.taskId, { [key]: { method, params } }))) {
      throw new McpToolError('The task has ended');
    }
    for (;;) {
      signal.throwIfAborted();
      const task = await this.store.find(this.taskId, this.subject);
      const answer = task?.inputResponses?.[key];
      if (isObject(answer)) return answer;
      if (task === undefined || TERMINAL_STATUSES.has(task.status)) {
        throw new McpToolError('The task has ended');
      }
      await this.waiters.next(signal);
    }
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
