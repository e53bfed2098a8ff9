import { Injectable, type OnModuleInit } from '@nestjs/common';

import type { RegisteredTool } from '../protocol/capabilities/registered-capability.types.js';
import type { DispatchCall } from '../mcp/dispatcher/dispatch-call.js';
import { McpExtensions, type McpExtension } from '../mcp/dispatcher/mcp-extensions.js';
import type { MethodEntry } from '../mcp/dispatcher/method-entry.types.js';
import { ToolCallRunner } from '../mcp/dispatcher/tool-call.runner.js';
import { JsonRpcErrorCode } from '../protocol/json-rpc/json-rpc-error-codes.js';
import { isPlainObject } from '../protocol/json-rpc/json-rpc-message.validator.js';
import type { JsonObject } from '../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../protocol/json-rpc/mcp-error.js';
import { InputRequiredSignal } from '../mcp/modern/mrtr/input-required.signal.js';
import { MODERN_PROTOCOL_VERSION } from '../protocol/protocol-version.js';
import { createTaskResultOf, detailedTaskOf } from './task-wire.js';
import { TaskRunner } from './task.runner.js';
import { TaskStore } from './task.store.js';
import { TASKS_EXTENSION, TERMINAL_STATUSES, type TaskRecord } from './task.types.js';

const ACK: JsonObject = Object.freeze({});
const REQUIRED_CAPABILITIES = Object.freeze({ extensions: { [TASKS_EXTENSION]: {} } });

/**
 * The `io.modelcontextprotocol/tasks` extension (SEP-2663) on 2026-07-28 requests: advertised
 * under `capabilities.extensions`; `tasks/get`, `tasks/update` and `tasks/cancel`; and the
 * server-directed choice to answer a `tools/call` with a task. `tasks/result` and `tasks/list`
 * were removed by SEP-2663 and stay unknown methods (-32601). Every task operation is scoped
 * to the subject that created the task: another's task is an unknown task.
 */
@Injectable()
export class TasksExtension implements McpExtension, OnModuleInit {
  readonly id = TASKS_EXTENSION;
  readonly capability: JsonObject = Object.freeze({});

  constructor(
    private readonly extensions: McpExtensions,
    private readonly store: TaskStore,
    private readonly runner: TaskRunner,
    private readonly toolRunner: ToolCallRunner,
  ) {}

  onModuleInit(): void {
    this.extensions.register(this);
  }

  methodEntries(): readonly (readonly [string, MethodEntry])[] {
    return [
      ['tasks/get', { era: 'modern', handle: (call) => this.get(call) }],
      ['tasks/update', { era: 'modern', handle: (call) => this.update(call) }],
      ['tasks/cancel', { era: 'modern', handle: (call) => this.cancel(call) }],
    ];
  }

  /**
   * A client that declared the extension on this request gets a task from every task-capable
   * tool (the server decides, §Task Creation); one that did not gets the plain result, or
   * -32021 from a tool that only runs as a task (§Capability Negotiation). Legacy sessions
   * are served in line.
   */
  routeToolCall(
    tool: RegisteredTool,
    args: JsonObject,
    call: DispatchCall,
  ): Promise<JsonObject> | undefined {
    const { taskSupport } = tool.definition;
    if (taskSupport === 'forbidden' || call.ctx.protocolVersion !== MODERN_PROTOCOL_VERSION) {
      return undefined;
    }
    if (declared(call)) return this.createTask(tool, args, call);
    if (taskSupport === 'required') throw missingExtension();
    return undefined;
  }

  private async createTask(
    tool: RegisteredTool,
    args: JsonObject,
    call: DispatchCall,
  ): Promise<JsonObject> {
    // Bad arguments create nothing: the same isError result the call would give in line.
    if (!(await tool.parseInput(args)).ok) return this.toolRunner.run(tool, args, call);
    const answers = this.earlierInput(tool, call);
    return createTaskResultOf(await this.runner.start(tool, args, call, answers));
  }

  /**
   * A tool's `taskInputs` are gathered by MRTR before the task is created (SEP-2663 §Task
   * Creation): while one is unanswered, the call ends with an `InputRequiredResult`.
   */
  private earlierInput(tool: RegisteredTool, call: DispatchCall): JsonObject {
    const { taskInputs } = tool.definition;
    const { roundTrip } = call;
    if (taskInputs === undefined || roundTrip === undefined) return ACK;
    for (const [key, question] of Object.entries(taskInputs)) {
      if (roundTrip.answer(key) === undefined) roundTrip.ask(key, question.method, question.params);
    }
    if (roundTrip.inputRequired) throw new InputRequiredSignal();
    return roundTrip.usedAnswers;
  }

  private async get(call: DispatchCall): Promise<JsonObject> {
    return detailedTaskOf(await this.find(call));
  }

  /** Answers to open questions; unknown and answered keys are ignored (§Task Update Requests). */
  private async update(call: DispatchCall): Promise<JsonObject> {
    const taskId = taskIdOf(call);
    const { inputResponses } = call.params;
    if (!isPlainObject(inputResponses) || !Object.values(inputResponses).every(isPlainObject)) {
      throw McpError.invalidParams(
        'Invalid params: "inputResponses" must map request keys to result objects',
      );
    }
    const task = await this.store.answerInput(taskId, call.ctx.principal.subject, inputResponses);
    if (task === undefined) throw unknownTask(taskId);
    await this.runner.answered(task);
    return ACK;
  }

  /** Idempotent: a terminal task acknowledges without change (§Task Cancellation). */
  private async cancel(call: DispatchCall): Promise<JsonObject> {
    const task = await this.find(call);
    if (!TERMINAL_STATUSES.has(task.status)) await this.runner.cancel(task);
    return ACK;
  }

  private async find(call: DispatchCall): Promise<TaskRecord> {
    const taskId = taskIdOf(call);
    const task = await this.store.find(taskId, call.ctx.principal.subject);
    if (task === undefined) throw unknownTask(taskId);
    return task;
  }
}

function declared(call: DispatchCall): boolean {
  const extensions = call.ctx.clientCapabilities.extensions;
  return isPlainObject(extensions) && isPlainObject(extensions[TASKS_EXTENSION]);
}

/** Checked before anything else: a non-declaring client learns nothing about tasks. */
function taskIdOf(call: DispatchCall): string {
  if (!declared(call)) throw missingExtension();
  const { taskId } = call.params;
  if (typeof taskId !== 'string')
    throw McpError.invalidParams('Invalid params: "taskId" must be a string');
  return taskId;
}

/** SEP-2575 §Missing Required Capabilities, as SEP-2663 §Capability Negotiation shows it. */
function missingExtension(): McpError {
  return new McpError(
    JsonRpcErrorCode.MissingRequiredClientCapability,
    `Missing required client capability: extensions["${TASKS_EXTENSION}"]`,
    { requiredCapabilities: REQUIRED_CAPABILITIES },
    400,
  );
}

/** Unknown, expired and foreign tasks alike (SEP-2663 §Protocol Errors: -32602). */
function unknownTask(taskId: string): McpError {
  return McpError.invalidParams(`Invalid params: unknown task ${JSON.stringify(taskId)}`);
}
