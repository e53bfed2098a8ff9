import type { McpHandlerContext } from '../../protocol/context/handler-context.js';
import type { RequestContext } from '../../protocol/context/request-context.js';
import type { JsonObject, JsonRpcRequest } from '../../protocol/json-rpc/json-rpc.types.js';
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
 * One inbound request being served: its params, context and abort state. It is aborted by
 * `notifications/cancelled`, a tool timeout, or the transport's own signal (2026-07-28: response
 * stream closed). The handler context and the AbortSignal are built only when something asks for
 * them: a plain tool call needs neither, and an AbortController is not free on the hot path.
 */
export class DispatchCall {
  readonly params: JsonObject;
  /** 2026-07-28 tools/call, prompts/get, resources/read: the multi-round-trip state (SEP-2322). */
  roundTrip: RoundTrip | undefined;
  /**
   * Runs as a task (SEP-2663), in the background: a call queued for approval waits for the
   * decision instead of answering its pending state (docs/approvals.md "Call approvals").
   */
  runsAsTask = false;
  private controller: AbortController | undefined;
  private reason: Error | undefined;
  /** Rejects the running {@link untilAborted} race(s) when the call is aborted. */
  private rejectRaces: ((reason: Error) => void) | undefined;
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

  /** Why the call was aborted (the first reason wins); `undefined` while it may still answer. */
  get abortReason(): Error | undefined {
    return this.reason;
  }

  /** Fires with {@link abortReason}; created on first use, already aborted if the call is. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.reason !== undefined) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: Error): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.controller?.abort(reason);
    this.rejectRaces?.(reason);
  }

  /**
   * Settles like `work`, or rejects with the abort reason as soon as the call is aborted: a
   * handler that ignores its signal must not hold up the answer to the client.
   */
  untilAborted<T>(work: Promise<T>): Promise<T> {
    if (this.reason !== undefined) return Promise.reject(this.reason);
    return new Promise<T>((resolve, reject) => {
      const earlier = this.rejectRaces;
      this.rejectRaces =
        earlier === undefined
          ? reject
          : (reason) => {
              earlier(reason);
              reject(reason);
            };
      work.then(resolve, reject);
    });
  }

  /** True when no response may be sent: the client cancelled, or the transport lost the request. */
  get abandoned(): boolean {
    return this.reason instanceof RequestCancelledError || this.ctx.signal?.aborted === true;
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
