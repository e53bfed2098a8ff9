import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';

import { Logger } from '@nestjs/common';

import type { McpSession } from '../../protocol/context/mcp-session.js';
import type { MessageSink } from '../../protocol/context/message-sink.js';
import type { Principal } from '../../protocol/context/principal.js';
import type { McpDispatcher } from '../../mcp/dispatcher/mcp-dispatcher.js';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-codes.js';
import {
  assertBatchAllowed,
  readJsonRpcPayload,
  type JsonRpcPayload,
} from '../../protocol/json-rpc/json-rpc-message.validator.js';
import {
  parseJsonRpcPayload,
  type JsonPayloadLimits,
} from '../../protocol/json-rpc/json-rpc-payload.parser.js';
import { errorResponse, errorResponseFor } from '../../protocol/json-rpc/json-rpc-responses.js';
import {
  isJsonRpcRequest,
  type JsonRpcId,
  type JsonRpcMessage,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from '../../protocol/json-rpc/json-rpc.types.js';
import { McpError } from '../../protocol/json-rpc/mcp-error.js';
import { HTTP_REJECTIONS } from '../http/http-rejections.js';
import { sessionRequestContext } from '../shared/session-request-context.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

const NOT_INITIALIZED = Object.freeze({
  code: JsonRpcErrorCode.InvalidRequest,
  message: 'Invalid request: the server is not initialized; send initialize first',
});

/**
 * One stdio process = one implicit legacy session (transports §stdio). Every line is framed and
 * dispatched as it arrives, so a `notifications/cancelled` can reach a running call; `initialize`
 * is the exception: lines behind it wait until the session exists. stdout carries JSON-RPC only.
 */
export class StdioConnection implements MessageSink {
  private readonly logger = new Logger(StdioConnection.name);
  private readonly inFlight = new Set<Promise<void>>();
  private current: McpSession | undefined;
  private initializing: Promise<void> | undefined;

  constructor(
    private readonly dispatcher: McpDispatcher,
    private readonly principal: Principal,
    private readonly limits: JsonPayloadLimits & { readonly maxBodyBytes: number },
    private readonly output: Writable,
  ) {}

  /** The implicit session, once `initialize` opened it. */
  get session(): McpSession | undefined {
    return this.current;
  }

  /** stdout is both the session's standalone stream and every request's related stream. */
  send(message: JsonRpcMessage | readonly JsonRpcMessage[]): boolean {
    if (!this.output.writable) return false;
    this.output.write(`${JSON.stringify(message)}\n`);
    return true;
  }

  accept(line: Buffer): void {
    const handled = this.handle(line).catch((error: unknown) => this.fault(error, randomUUID()));
    this.inFlight.add(handled);
    void handled.finally(() => this.inFlight.delete(handled));
  }

  /** A line over the size cap: answered like the HTTP 413 row, without reading it. */
  rejectOversizedLine(): void {
    const { code, message } = HTTP_REJECTIONS.payloadTooLarge;
    this.send(
      errorResponse(undefined, { code, message, data: { maxBytes: this.limits.maxBodyBytes } }),
    );
  }

  /** Resolves once every line received so far has been answered. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private async handle(line: Buffer): Promise<void> {
    let payload: JsonRpcPayload;
    try {
      payload = readJsonRpcPayload(parseJsonRpcPayload(decode(line), this.limits));
    } catch (error) {
      this.sendError(undefined, error);
      return;
    }
    if (this.initializing !== undefined) await this.initializing;
    if (payload.kind === 'batch') return this.batch(payload.messages);
    const { message } = payload;
    if (this.current === undefined) {
      if (isJsonRpcRequest(message) && message.method === 'initialize') {
        this.initializing = this.initialize(message);
        return this.initializing;
      }
      return this.refuseBeforeInitialize(message);
    }
    const answer = await this.dispatch(message, this.current);
    if (answer !== undefined) this.send(answer);
  }

  /** A 2025-03-26 batch: one array of answers, none when it held only notifications. */
  private async batch(messages: readonly JsonRpcMessage[]): Promise<void> {
    const session = this.current;
    if (session === undefined) return this.refuseBeforeInitialize(undefined);
    try {
      assertBatchAllowed(messages, session.protocolVersion);
    } catch (error) {
      this.sendError(undefined, error);
      return;
    }
    const answers = await Promise.all(messages.map((message) => this.dispatch(message, session)));
    const responses = answers.filter((answer) => answer !== undefined);
    if (responses.length > 0) this.send(responses);
  }

  private async initialize(request: JsonRpcRequest): Promise<void> {
    try {
      const { response, session } = await this.dispatcher.initialize(
        request,
        this.principal,
        'stdio',
        this,
      );
      this.current = session;
      this.send(response);
    } finally {
      this.initializing = undefined;
    }
  }

  private dispatch(
    message: JsonRpcMessage,
    session: McpSession,
  ): Promise<JsonRpcResponse | undefined> {
    return this.dispatcher.dispatch(
      message,
      sessionRequestContext(this.principal, 'stdio', session, this),
    );
  }

  /**
   * Lifecycle §Initialization: nothing but `initialize` is served before it. A request (or a
   * batch) gets an error, which makes a dual-era client probing `server/discover` fall back to
   * `initialize`; notifications and responses are dropped.
   */
  private refuseBeforeInitialize(message: JsonRpcMessage | undefined): void {
    if (message !== undefined && !isJsonRpcRequest(message)) return;
    this.send(errorResponse(message?.id, NOT_INITIALIZED));
  }

  private sendError(id: JsonRpcId | undefined, error: unknown): void {
    const correlationId = randomUUID();
    this.send(
      errorResponseFor(id, error, correlationId, (cause) => this.fault(cause, correlationId)),
    );
  }

  private fault(error: unknown, correlationId: string): void {
    this.logger.error(
      `stdio message failed [correlationId=${correlationId}]`,
      error instanceof Error ? error.stack : String(error),
    );
  }
}

function decode(line: Buffer): string {
  try {
    return UTF8.decode(line);
  } catch {
    throw new McpError(JsonRpcErrorCode.ParseError, 'Parse error: invalid UTF-8');
  }
}
