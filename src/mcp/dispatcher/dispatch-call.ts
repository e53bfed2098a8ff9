import type { McpHandlerContext } from '../context/handler-context.js';
import type { RequestContext } from '../context/request-context.js';
import type { JsonObject, JsonRpcRequest } from '../json-rpc/json-rpc.types.js';
import type { RoundTrip } from '../modern/mrtr/round-trip.js';
import { RequestHandlerContext, type InputRequester } from './request-handler-context.js';

const NO_PARAMS: JsonObject = Object.freeze({});

/** Abort reason of a request the client cancelled (`notifications/cancelled`): no response follows. */
export class RequestCancelledError extends Error {
  constructor() {
    super('request cancelled by the client');
    this.name = 'RequestCancelledError';
  }
}

/**
 * One inbound request being served: its params, context and abort signal. The signal fires on
 * `notifications/cancelled`, a tool timeout, or the transport's own signal (2026-07-28: response
 * stream closed). The handler context is built only for methods that run a handler.
 */
export class DispatchCall {
  readonly params: JsonObject;
  /** 2026-07-28 tools/call, prompts/get, resources/read: the multi-round-trip state (SEP-2322). */
  roundTrip: RoundTrip | undefined;
  private readonly controller = new AbortController();
  private handlerContextValue: RequestHandlerContext | undefined;

  constructor(
    readonly request: JsonRpcRequest,
    readonly ctx: RequestContext,
    private readonly inputRequester: InputRequester,
  ) {
    this.params = request.params ?? NO_PARAMS;
    // The call itself listens (`handleEvent`), so linking the signals allocates no closure.
    if (ctx.signal?.aborted === true) this.handleEvent();
    else ctx.signal?.addEventListener('abort', this, { once: true });
  }

  /** The transport gave up on the request (2026-07-28: closing the stream is the cancel). */
  handleEvent(): void {
    this.abort(new RequestCancelledError());
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  abort(reason: Error): void {
    this.controller.abort(reason);
  }

  /** True when no response may be sent: the client cancelled, or the transport lost the request. */
  get abandoned(): boolean {
    return this.signal.reason instanceof RequestCancelledError || this.ctx.signal?.aborted === true;
  }

  get handlerContext(): McpHandlerContext {
    this.handlerContextValue ??= new RequestHandlerContext(this, this.inputRequester);
    return this.handlerContextValue;
  }

  /** After the response: progress and log notifications for this request stop (progress spec). */
  finish(): void {
    this.handlerContextValue?.close();
    this.ctx.signal?.removeEventListener('abort', this);
  }
}
