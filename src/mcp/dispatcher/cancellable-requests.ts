import type { RequestContext } from '../../protocol/context/request-context.js';
import type { JsonRpcId } from '../../protocol/json-rpc/json-rpc.types.js';
import type { DispatchCall } from './dispatch-call.js';
import { RequestCancelledError } from './dispatch-call.js';

/**
 * Requests being served, so `notifications/cancelled` can abort them (utilities §Cancellation).
 * Keys combine the session (or, without one, the principal and transport) with the request id
 * and its type (`1` and `"1"` are different ids), so one client can never cancel another's work.
 */
export class CancellableRequests {
  private readonly calls = new Map<string, DispatchCall>();

  /** `false` when the key is already taken (a client reusing an in-flight id): not cancellable. */
  add(call: DispatchCall): boolean {
    const key = keyOf(call.ctx, call.request.id);
    if (this.calls.has(key)) return false;
    this.calls.set(key, call);
    return true;
  }

  delete(call: DispatchCall): void {
    const key = keyOf(call.ctx, call.request.id);
    if (this.calls.get(key) === call) this.calls.delete(key);
  }

  /** Aborts the matching request of the same caller; unknown or finished ids are ignored. */
  cancel(ctx: RequestContext, requestId: unknown): boolean {
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return false;
    const call = this.calls.get(keyOf(ctx, requestId));
    // `initialize` must not be cancelled (lifecycle); it never reaches this registry.
    call?.abort(new RequestCancelledError());
    return call !== undefined;
  }

  get size(): number {
    return this.calls.size;
  }
}

function keyOf(ctx: RequestContext, id: JsonRpcId): string {
  const owner =
    ctx.session === undefined
      ? `p:${ctx.transport}:${ctx.principal.subject}`
      : `s:${ctx.session.id}:${ctx.principal.subject}`;
  return `${owner}\u0000${typeof id}:${id}`;
}
