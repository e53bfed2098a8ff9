import type { MessageSink } from '../protocol/context/message-sink.js';
import type {
  JsonObject,
  JsonRpcId,
  JsonRpcResponse,
} from '../protocol/json-rpc/json-rpc.types.js';
import { abortReasonOf } from '../protocol/abort-signals.js';

interface Pending {
  readonly resolve: (response: JsonRpcResponse) => void;
  readonly reject: (reason: Error) => void;
}

/** The client did not answer a server→client request in time, or the request was abandoned. */
export class OutboundRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRequestError';
  }
}

/**
 * Server→client requests of one session (`sampling/createMessage`, `elicitation/create`,
 * `roots/list`; legacy revisions only). Ids are minted here with an `s-` prefix so they can never
 * be mistaken for the client's own ids in logs; the client's answer arrives as a posted response
 * that the dispatcher hands to {@link resolve}.
 */
export class OutboundRequests {
  private readonly pending = new Map<JsonRpcId, Pending>();
  private nextId = 1;

  constructor(private readonly timeoutMs: number) {}

  /** Resolves with the client's response (result or error); rejects on abort, timeout or a gone sink. */
  request(
    sink: MessageSink,
    method: string,
    params: JsonObject,
    signal: AbortSignal,
  ): Promise<JsonRpcResponse> {
    if (signal.aborted) return Promise.reject(abortReasonOf(signal));
    const id = `s-${this.nextId++}`;
    return new Promise<JsonRpcResponse>((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.pending.delete(id);
      };
      const onAbort = (): void => {
        settle();
        reject(abortReasonOf(signal));
      };
      const timer = setTimeout(() => {
        settle();
        reject(
          new OutboundRequestError(`client did not answer ${method} within ${this.timeoutMs} ms`),
        );
      }, this.timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (response) => {
          settle();
          resolve(response);
        },
        reject: (reason) => {
          settle();
          reject(reason);
        },
      });
      if (!sink.send({ jsonrpc: '2.0', id, method, params })) {
        this.pending.get(id)?.reject(new OutboundRequestError('the client stream is closed'));
      }
    });
  }

  /** Delivers a posted response; `false` when no request of ours has that id (ignored). */
  resolve(response: JsonRpcResponse): boolean {
    const pending =
      response.id === undefined || response.id === null ? undefined : this.pending.get(response.id);
    pending?.resolve(response);
    return pending !== undefined;
  }

  /** Fails every outstanding request, e.g. when the session ends. */
  rejectAll(reason: string): void {
    for (const pending of [...this.pending.values()])
      pending.reject(new OutboundRequestError(reason));
  }

  get size(): number {
    return this.pending.size;
  }
}
